using Microsoft.Extensions.Options;
using Session.Core.Sittings;
using Session.Core.Wire;
using Session.HallServer.Hosting;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>What a PIN check decided: the deputy, or a refusal with the wait when a hold is on.</summary>
public sealed record PinVerdict(string? DeputyId, Rejection? Refusal, TimeSpan? RetryAfter = null);

/// <summary>
/// A PIN identifies only together with the deputy it belongs to (chosen on the tablet, or named by the card): it is
/// checked against that one deputy, after the per-deputy and per-terminal holds (<see cref="PinThrottle"/>); a hold that
/// starts is reported to the secretary (<see cref="PinAlerts"/>). The PIN is never logged.
/// </summary>
public sealed class PinGate(HallDirectory directory, PinThrottle throttle, PinAlerts alerts, TimeProvider clock, IOptions<HallOptions> options)
{
    public async Task<PinVerdict> CheckAsync(Terminal terminal, int seat, string deputyId, string pin)
    {
        try { return await CheckCountedAsync(terminal, seat, deputyId, pin); }
        // Fail closed: a PIN is never checked when its failures cannot be counted (a card still identifies).
        catch (Auth.ThrottleUnavailableException) { return new PinVerdict(null, HubErrors.PinUncounted); }
    }

    private async Task<PinVerdict> CheckCountedAsync(Terminal terminal, int seat, string deputyId, string pin)
    {
        // While held, a right PIN is refused like a wrong one: the answer says nothing about the PIN.
        if (await throttle.TerminalHeldAsync(terminal.Id) is { } terminalWait) return Held(HubErrors.TooManyAttempts, terminalWait);
        if (await throttle.DeputyHeldAsync(terminal.CouncilId, deputyId) is { } deputyWait) return Held(HubErrors.PinHeld, deputyWait);

        var check = await directory.CheckPinAsync(terminal.CouncilId, deputyId, pin);
        if (check is { Matches: true })
        {
            await throttle.SucceededAsync(terminal.Id, terminal.CouncilId, deputyId);
            return new PinVerdict(deputyId, null);
        }
        var trip = await throttle.FailedAsync(terminal.Id, terminal.CouncilId, check is null ? null : deputyId);
        var limits = options.Value.RateLimits;
        var now = clock.GetUtcNow();
        if (trip.Deputy is { } deputyHold)
            await alerts.RaiseAsync(terminal.CouncilId, Alert("deputy", limits.PinFailuresPerDeputy, deputyHold));
        if (trip.Terminal is { } terminalHold)
            await alerts.RaiseAsync(terminal.CouncilId, Alert("terminal", limits.PinFailuresPerTerminal, terminalHold));
        if (trip.Deputy is { } d) return Held(HubErrors.PinHeld, d);
        if (trip.Terminal is { } t) return Held(HubErrors.TooManyAttempts, t);
        // The same answer for a wrong PIN and for a deputy the council does not have.
        return new PinVerdict(null, HubErrors.WrongPin);

        PinAlert Alert(string kind, int failures, TimeSpan hold) => new(
            "pa-" + Guid.NewGuid().ToString("N")[..10], kind, check is null ? null : deputyId, check?.Name, seat,
            terminal.Id, terminal.Label, failures, now, now + hold);
    }

    private static PinVerdict Held(Rejection r, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        var (uk, en) = seconds >= 120 ? ($"ще {(seconds + 59) / 60} хв", $"{(seconds + 59) / 60} min more") : ($"ще {seconds} с", $"{seconds} s more");
        return new PinVerdict(null, r.With(uk, en), TimeSpan.FromSeconds(seconds));
    }
}
