using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Hubs;

/// <summary>
/// Four-to-eight-digit PINs are guessable, so wrong ones are counted twice (issue 10): per deputy, from whatever
/// terminal (<c>Hall:RateLimits:PinFailuresPerDeputy</c> in <c>PinDeputyWindow</c>, then held for <c>PinDeputyHold</c>),
/// and per terminal, for whatever deputies (<c>PinFailuresPerTerminal</c> in <c>PinTerminalWindow</c>, then held for
/// <c>PinTerminalHold</c>). While held, every PIN — right or wrong — is refused with the wait, so a hold reveals nothing.
/// </summary>
public sealed class PinThrottle(TimeProvider clock, IOptions<HallOptions> options)
{
    private readonly FailureWindow _deputies = new(options.Value.RateLimits.PinFailuresPerDeputy, options.Value.RateLimits.PinDeputyWindow, options.Value.RateLimits.PinDeputyHold);
    private readonly FailureWindow _terminals = new(options.Value.RateLimits.PinFailuresPerTerminal, options.Value.RateLimits.PinTerminalWindow, options.Value.RateLimits.PinTerminalHold);

    /// <summary>How long the deputy's PIN identification is still held, or null.</summary>
    public TimeSpan? DeputyHeld(string councilId, string deputyId) => _deputies.Held(DeputyKey(councilId, deputyId), clock.GetUtcNow());

    /// <summary>How long the terminal's PIN entry is still held, or null.</summary>
    public TimeSpan? TerminalHeld(string terminalId) => _terminals.Held(terminalId, clock.GetUtcNow());

    /// <summary>Counts a wrong PIN; <paramref name="deputyId"/> is null when the council has no such deputy (counted for the terminal only).</summary>
    public PinTrip Failed(string terminalId, string councilId, string? deputyId)
    {
        var now = clock.GetUtcNow();
        return new PinTrip(
            deputyId is not null && _deputies.Fail(DeputyKey(councilId, deputyId), now) is { } d ? d : null,
            _terminals.Fail(terminalId, now));
    }

    public void Succeeded(string terminalId, string councilId, string deputyId)
    {
        _deputies.Clear(DeputyKey(councilId, deputyId));
        _terminals.Clear(terminalId);
    }

    /// <summary>The secretary ends a deputy's hold early (the deputy is at the seat, the PIN found): counting starts afresh.</summary>
    public void LiftDeputy(string councilId, string deputyId) => _deputies.Clear(DeputyKey(councilId, deputyId));

    /// <summary>The secretary ends a terminal's hold early.</summary>
    public void LiftTerminal(string terminalId) => _terminals.Clear(terminalId);

    private static string DeputyKey(string councilId, string deputyId) => councilId + "/" + deputyId;

    /// <summary>Failures per key in a window; the failure that reaches the limit starts a hold and answers its length.</summary>
    private sealed class FailureWindow(int limit, TimeSpan window, TimeSpan hold)
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new();

        private sealed record Entry(int Count, DateTimeOffset Since, DateTimeOffset? HeldUntil);

        public TimeSpan? Held(string key, DateTimeOffset now) =>
            _entries.TryGetValue(key, out var e) && e.HeldUntil is { } until && until > now ? until - now : null;

        public TimeSpan? Fail(string key, DateTimeOffset now)
        {
            var e = _entries.AddOrUpdate(key, _ => Next(null, now), (_, old) => Next(old, now));
            return e.Count == 0 && e.Since == now ? hold : null; // this failure started the hold
        }

        private Entry Next(Entry? old, DateTimeOffset now)
        {
            if (old?.HeldUntil is { } until && until > now) return old; // already held: the hold is not extended
            var count = old is null || now - old.Since >= window ? 1 : old.Count + 1;
            var since = count == 1 ? now : old!.Since;
            return count >= limit ? new Entry(0, now, now + hold) : new Entry(count, since, null);
        }

        public void Clear(string key) => _entries.TryRemove(key, out _);
    }
}

/// <summary>Which holds a wrong PIN has just started, with their lengths (null: none started).</summary>
public sealed record PinTrip(TimeSpan? Deputy, TimeSpan? Terminal);
