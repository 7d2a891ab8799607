namespace Session.HallServer.Auth;

/// <summary>
/// The one throttling rule of logins and PINs: failures per key are counted in a window that starts at the first of
/// them; the failure that reaches the limit starts a hold, and while the hold lasts every attempt — right or wrong — is
/// refused with the wait, and nothing more is counted (the hold is not extended). <paramref name="name"/> keeps each
/// throttle's keys apart in the counters.
/// </summary>
public sealed class FailureWindow(IFailureCounters counters, string name, int limit, TimeSpan window, TimeSpan hold)
{
    /// <summary>How long <paramref name="key"/> is still held, or null.</summary>
    public Task<TimeSpan?> HeldAsync(string key) => counters.LeftAsync(Hold(key));

    /// <summary>Counts a failure; answers the hold's length when this failure started it, else null.</summary>
    public async Task<TimeSpan?> FailAsync(string key)
    {
        if (await counters.LeftAsync(Hold(key)) is not null) return null;
        if (await counters.AddAsync(Count(key), window) < limit) return null;
        await counters.ClearAsync(Count(key));
        // Two nodes may reach the limit at once: only one starts the hold (and raises its alert).
        return await counters.HoldAsync(Hold(key), hold) ? hold : null;
    }

    /// <summary>Forgets the failures and any hold: a success, or the secretary lifting the hold.</summary>
    public Task ClearAsync(string key) => counters.ClearAsync(Count(key), Hold(key));

    private string Count(string key) => name + ":count:" + key;

    private string Hold(string key) => name + ":hold:" + key;
}
