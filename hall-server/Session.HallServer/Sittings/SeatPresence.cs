using System.Collections.Concurrent;

namespace Session.HallServer.Sittings;

/// <summary>
/// Which seats have a live terminal: tablets while connected, hardware seats as their gateway reports them.
/// Transient by nature (not journaled): a seat's link is not part of the sitting's record.
/// </summary>
public sealed class SeatPresence
{
    private readonly ConcurrentDictionary<int, int> _tablets = new();
    private readonly ConcurrentDictionary<int, bool> _bus = new();

    public event Action<int>? Changed;

    public void TabletConnected(int seat) { _tablets.AddOrUpdate(seat, 1, (_, n) => n + 1); Changed?.Invoke(seat); }

    public void TabletDisconnected(int seat) { _tablets.AddOrUpdate(seat, 0, (_, n) => Math.Max(0, n - 1)); Changed?.Invoke(seat); }

    public void BusReport(IEnumerable<int> online, IEnumerable<int> offline)
    {
        foreach (var s in online) { _bus[s] = true; Changed?.Invoke(s); }
        foreach (var s in offline) { _bus[s] = false; Changed?.Invoke(s); }
    }

    public bool IsOnline(int seat) => (_tablets.TryGetValue(seat, out var n) && n > 0) || (_bus.TryGetValue(seat, out var b) && b);
}
