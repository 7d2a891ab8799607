using System.Collections.Concurrent;

namespace Session.HallServer.Sittings;

/// <summary>
/// Which seats of which hall have a live terminal: tablets while connected, hardware seats as their gateway reports
/// them. Transient by nature (not journaled): a seat's link is not part of the sitting's record. On a regional host a
/// terminal is connected to one node and its sitting's grain may live on another, so each node also knows the seats
/// the other nodes serve (<see cref="Cluster.ClusterState"/>).
/// </summary>
public sealed class SeatPresence
{
    private readonly ConcurrentDictionary<(string Hall, int Seat), int> _tablets = new();
    private readonly ConcurrentDictionary<(string Hall, int Seat), bool> _bus = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset Heard, HashSet<(string Hall, int Seat)> Seats)> _nodes = new();

    /// <summary>A seat's presence changed, here or on another node.</summary>
    public event Action<string, int>? Changed;

    /// <summary>A seat's presence changed on this node (what the other nodes must be told).</summary>
    public event Action? LocalChanged;

    public void TabletConnected(string hall, int seat) { _tablets.AddOrUpdate((hall, seat), 1, (_, n) => n + 1); Local(hall, seat); }

    public void TabletDisconnected(string hall, int seat) { _tablets.AddOrUpdate((hall, seat), 0, (_, n) => Math.Max(0, n - 1)); Local(hall, seat); }

    /// <summary>A gateway's seats as it reports them; only the seats whose state changed are announced (a gateway
    /// repeats its report every few seconds to keep its lease, <see cref="Session.Core.Wire.SeatHealthReport"/>).</summary>
    public void BusReport(string hall, IEnumerable<int> online, IEnumerable<int> offline)
    {
        var changed = false;
        foreach (var (s, up) in online.Select(s => (s, true)).Concat(offline.Select(s => (s, false))))
        {
            if (_bus.TryGetValue((hall, s), out var was) && was == up) continue;
            _bus[(hall, s)] = up;
            changed = true;
            Changed?.Invoke(hall, s);
        }
        if (changed) LocalChanged?.Invoke();
    }

    private void Local(string hall, int seat)
    {
        Changed?.Invoke(hall, seat);
        LocalChanged?.Invoke();
    }

    public bool IsOnline(string hall, int seat) => IsOnlineHere(hall, seat) || _nodes.Values.Any(n => n.Seats.Contains((hall, seat)));

    private bool IsOnlineHere(string hall, int seat) =>
        (_tablets.TryGetValue((hall, seat), out var n) && n > 0) || (_bus.TryGetValue((hall, seat), out var b) && b);

    /// <summary>The seats this node's own terminals keep online.</summary>
    public List<(string Hall, int Seat)> LocalOnline() =>
        _tablets.Where(p => p.Value > 0).Select(p => p.Key).Concat(_bus.Where(p => p.Value).Select(p => p.Key)).Distinct().ToList();

    /// <summary>Another node's whole list of live seats; the seats that came or went raise <see cref="Changed"/>.</summary>
    public void FromNode(string node, HashSet<(string Hall, int Seat)> seats, DateTimeOffset now)
    {
        var before = _nodes.TryGetValue(node, out var old) ? old.Seats : [];
        _nodes[node] = (now, seats);
        foreach (var (hall, seat) in before.Except(seats).Concat(seats.Except(before))) Changed?.Invoke(hall, seat);
    }

    /// <summary>A node not heard from since <paramref name="cutoff"/> is gone (killed, or cut off): its seats are not online.</summary>
    public void ForgetSilentNodes(DateTimeOffset cutoff)
    {
        foreach (var (node, (heard, seats)) in _nodes)
        {
            if (heard >= cutoff || !_nodes.TryRemove(node, out _)) continue;
            foreach (var (hall, seat) in seats) Changed?.Invoke(hall, seat);
        }
    }
}
