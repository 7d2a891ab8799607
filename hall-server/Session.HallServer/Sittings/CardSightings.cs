using System.Collections.Concurrent;

namespace Session.HallServer.Sittings;

/// <summary>A card tapped at a seat that no deputy of the council holds: what the admin binds when enrolling a card.</summary>
public sealed record CardSighting(string Uid, string HallId, int Seat, DateTimeOffset At);

/// <summary>
/// Card enrolment without a special mode on the hardware: a seat reports every card it reads; an unknown one is kept
/// here for ten minutes, per council, so the admin sees it and binds it to a deputy (docs/registry-api.md "Cards").
/// </summary>
public sealed class CardSightings(TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    private const int MaxPerCouncil = 64;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, CardSighting>> _byCouncil = new();

    public void Seen(string councilId, string uid, string hallId, int seat)
    {
        var seen = _byCouncil.GetOrAdd(councilId, _ => new());
        seen[uid] = new CardSighting(uid, hallId, seat, clock.GetUtcNow());
        if (seen.Count > MaxPerCouncil)
            foreach (var old in seen.Values.OrderBy(s => s.At).Take(seen.Count - MaxPerCouncil)) seen.TryRemove(old.Uid, out _);
    }

    public CardSighting[] Recent(string councilId)
    {
        if (!_byCouncil.TryGetValue(councilId, out var seen)) return [];
        var since = clock.GetUtcNow() - Keep;
        return seen.Values.Where(s => s.At >= since).OrderByDescending(s => s.At).ToArray();
    }

    public void Bound(string councilId, string uid)
    {
        if (_byCouncil.TryGetValue(councilId, out var seen)) seen.TryRemove(uid, out _);
    }
}
