using System.Collections.Concurrent;

namespace Session.HallServer.Sittings;

/// <summary>
/// The time a sitting's events are stamped with: the host's clock, except while the demo plays a past sitting
/// through the engine, which then runs on that sitting's own date and times (so its published record looks like a
/// real day's, not like everything happened the instant the demo ran). Only the demo ever pretends.
/// </summary>
public sealed class SittingClock(TimeProvider system)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pretend = new();

    public DateTimeOffset Now(string sittingId) => _pretend.TryGetValue(sittingId, out var t) ? t : system.GetUtcNow();

    public void Pretend(string sittingId, DateTimeOffset at) => _pretend[sittingId] = at;

    public void Advance(string sittingId, TimeSpan by) => _pretend.AddOrUpdate(sittingId, _ => system.GetUtcNow() + by, (_, t) => t + by);

    public void Release(string sittingId) => _pretend.TryRemove(sittingId, out _);
}
