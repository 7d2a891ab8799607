using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;
using Session.HallServer.Sittings;

namespace Session.HallServer.Hubs;

/// <summary>
/// Tells the council's secretary (the chair hub's <c>chair:{council}</c> group) when wrong PINs hold a deputy or a
/// terminal, and keeps the last hour's alerts so a console that connects later sees them too. No PIN is ever in one.
/// An alert the secretary lifted (<see cref="LiftAsync"/>) is pushed again with who lifted it and when.
/// </summary>
public sealed class PinAlerts(IHubContext<ChairHub> chair, TimeProvider clock, ILogger<PinAlerts> log)
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private const int MaxPerCouncil = 32;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<PinAlert>> _recent = new();
    private readonly ConcurrentDictionary<string, PinAlert> _lifted = new();

    public async Task RaiseAsync(string councilId, PinAlert alert)
    {
        log.LogWarning("PIN {Kind} hold after {Failures} wrong PINs: deputy {DeputyId}, seat {Seat}, terminal {TerminalId}, held until {HeldUntil:O}",
            alert.Kind, alert.Failures, alert.DeputyId, alert.Seat, alert.TerminalId, alert.HeldUntil);
        var queue = _recent.GetOrAdd(councilId, _ => new());
        queue.Enqueue(alert);
        while (queue.Count > MaxPerCouncil && queue.TryDequeue(out var gone)) _lifted.TryRemove(gone.Id, out _);
        await chair.Clients.Group(SittingFanout.ChairGroup(councilId)).SendAsync(HubNames.PinAlert, alert);
    }

    public PinAlert[] Recent(string councilId)
    {
        if (!_recent.TryGetValue(councilId, out var queue)) return [];
        var since = clock.GetUtcNow() - Keep;
        return queue.Where(a => a.At >= since).Select(a => _lifted.TryGetValue(a.Id, out var l) ? l : a).ToArray();
    }

    /// <summary>
    /// The council's alert with this id while its hold still runs and nobody lifted it; else null (unknown, another
    /// council's, over, or lifted already).
    /// </summary>
    public PinAlert? Holding(string councilId, string alertId) =>
        Recent(councilId).FirstOrDefault(a => a.Id == alertId) is { LiftedAt: null } a && a.HeldUntil > clock.GetUtcNow() ? a : null;

    /// <summary>Marks the alert lifted by <paramref name="login"/> and tells every console of the council.</summary>
    public async Task<PinAlert> LiftAsync(string councilId, PinAlert alert, string login)
    {
        var lifted = alert with { LiftedAt = clock.GetUtcNow(), LiftedBy = login };
        _lifted[alert.Id] = lifted;
        log.LogInformation("PIN {Kind} hold {AlertId} lifted early by {Login}: deputy {DeputyId}, terminal {TerminalId}", alert.Kind, alert.Id, login, alert.DeputyId, alert.TerminalId);
        await chair.Clients.Group(SittingFanout.ChairGroup(councilId)).SendAsync(HubNames.PinAlert, lifted);
        return lifted;
    }
}
