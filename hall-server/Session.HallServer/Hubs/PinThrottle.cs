using Microsoft.Extensions.Options;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;

namespace Session.HallServer.Hubs;

/// <summary>
/// Four-to-eight-digit PINs are guessable, so wrong ones are counted twice (issue 10): per deputy, from whatever
/// terminal (<c>Hall:RateLimits:PinFailuresPerDeputy</c> in <c>PinDeputyWindow</c>, then held for <c>PinDeputyHold</c>),
/// and per terminal, for whatever deputies (<c>PinFailuresPerTerminal</c> in <c>PinTerminalWindow</c>, then held for
/// <c>PinTerminalHold</c>). While held, every PIN — right or wrong — is refused with the wait, so a hold reveals nothing.
/// On a regional host the counts are the cluster's (<see cref="IFailureCounters"/>): a deputy's limit is the same
/// whichever nodes the terminals are on. Every method throws <see cref="ThrottleUnavailableException"/> when the counters
/// cannot be reached; the PIN is then not checked.
/// </summary>
public sealed class PinThrottle(IFailureCounters counters, IOptions<HallOptions> options)
{
    private readonly FailureWindow _deputies = new(counters, "pin-deputy",
        options.Value.RateLimits.PinFailuresPerDeputy, options.Value.RateLimits.PinDeputyWindow, options.Value.RateLimits.PinDeputyHold);
    private readonly FailureWindow _terminals = new(counters, "pin-terminal",
        options.Value.RateLimits.PinFailuresPerTerminal, options.Value.RateLimits.PinTerminalWindow, options.Value.RateLimits.PinTerminalHold);

    /// <summary>How long the deputy's PIN identification is still held, or null.</summary>
    public Task<TimeSpan?> DeputyHeldAsync(string councilId, string deputyId) => _deputies.HeldAsync(DeputyKey(councilId, deputyId));

    /// <summary>How long the terminal's PIN entry is still held, or null.</summary>
    public Task<TimeSpan?> TerminalHeldAsync(string terminalId) => _terminals.HeldAsync(terminalId);

    /// <summary>Counts a wrong PIN; <paramref name="deputyId"/> is null when the council has no such deputy (counted for the terminal only).</summary>
    public async Task<PinTrip> FailedAsync(string terminalId, string councilId, string? deputyId) => new(
        deputyId is null ? null : await _deputies.FailAsync(DeputyKey(councilId, deputyId)),
        await _terminals.FailAsync(terminalId));

    public Task SucceededAsync(string terminalId, string councilId, string deputyId) =>
        Task.WhenAll(_deputies.ClearAsync(DeputyKey(councilId, deputyId)), _terminals.ClearAsync(terminalId));

    /// <summary>The secretary ends a deputy's hold early (the deputy is at the seat, the PIN found): counting starts afresh.</summary>
    public Task LiftDeputyAsync(string councilId, string deputyId) => _deputies.ClearAsync(DeputyKey(councilId, deputyId));

    /// <summary>The secretary ends a terminal's hold early.</summary>
    public Task LiftTerminalAsync(string terminalId) => _terminals.ClearAsync(terminalId);

    private static string DeputyKey(string councilId, string deputyId) => councilId + "/" + deputyId;
}

/// <summary>Which holds a wrong PIN has just started, with their lengths (null: none started).</summary>
public sealed record PinTrip(TimeSpan? Deputy, TimeSpan? Terminal);
