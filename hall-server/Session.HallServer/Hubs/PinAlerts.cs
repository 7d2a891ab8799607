using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;
using Session.HallServer.Sittings;

namespace Session.HallServer.Hubs;

/// <summary>
/// Tells the council's secretary (the chair hub's <c>chair:{council}</c> group) when wrong PINs hold a deputy or a
/// terminal, and keeps the last hour's alerts so a console that connects later sees them too. No PIN is ever in one.
/// </summary>
public sealed class PinAlerts(IHubContext<ChairHub> chair, TimeProvider clock, ILogger<PinAlerts> log)
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private const int MaxPerCouncil = 32;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<PinAlert>> _recent = new();

    public async Task RaiseAsync(string councilId, PinAlert alert)
    {
        log.LogWarning("PIN {Kind} hold after {Failures} wrong PINs: deputy {DeputyId}, seat {Seat}, terminal {TerminalId}, held until {HeldUntil:O}",
            alert.Kind, alert.Failures, alert.DeputyId, alert.Seat, alert.TerminalId, alert.HeldUntil);
        var queue = _recent.GetOrAdd(councilId, _ => new());
        queue.Enqueue(alert);
        while (queue.Count > MaxPerCouncil && queue.TryDequeue(out _)) { }
        await chair.Clients.Group(SittingFanout.ChairGroup(councilId)).SendAsync(HubNames.PinAlert, alert);
    }

    public PinAlert[] Recent(string councilId)
    {
        if (!_recent.TryGetValue(councilId, out var queue)) return [];
        var since = clock.GetUtcNow() - Keep;
        return queue.Where(a => a.At >= since).ToArray();
    }
}
