using System.Text.Json;
using Session.HallServer.Hubs;
using Session.HallServer.Sittings;

namespace Session.HallServer.Cluster;

/// <summary>
/// Keeps the per-node state that must be shared right across a regional host's nodes (docs/deploy.md "Shared state"):
/// this node's live seats go out on every change and every heartbeat, other nodes' seats come in, and a node not heard
/// from for three heartbeats (dead) no longer vouches for any seat; stream health, "the hall's sitting changed", "the
/// councils changed" and "this account was revoked" reach every node. Idle on the hall appliance.
/// </summary>
public sealed class ClusterState(ClusterBus bus, SeatPresence presence, StreamHealthRelay streamHealth, CurrentSitting current, Storage.HallDirectory directory, Auth.LiveConnections live, TimeProvider clock, ILogger<ClusterState> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!bus.Enabled) return;
        bus.Received += OnReceived;
        presence.LocalChanged += PublishPresence;
        streamHealth.Reported += (council, health) =>
            bus.Publish(new BusMessage(BusMessage.StreamHealth) { Council = council, Health = JsonSerializer.SerializeToElement(health) });
        current.Forgotten += (hall, council) => bus.Publish(new BusMessage(BusMessage.SittingChanged) { Hall = hall, Council = council });
        directory.CouncilsForgotten += () => bus.Publish(new BusMessage(BusMessage.CouncilsChanged));
        live.LoginClosed += login => bus.Publish(new BusMessage(BusMessage.AccountRevoked) { Login = login });
        await bus.StartAsync();
        using var beat = new PeriodicTimer(ClusterBus.Heartbeat, clock);
        try
        {
            while (await beat.WaitForNextTickAsync(stopping))
            {
                PublishPresence();
                presence.ForgetSilentNodes(clock.GetUtcNow() - 3 * ClusterBus.Heartbeat);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
    }

    private void PublishPresence() =>
        bus.Publish(new BusMessage(BusMessage.Presence) { Seats = presence.LocalOnline().Select(s => $"{s.Hall} {s.Seat}").ToArray() });

    private void OnReceived(BusMessage m)
    {
        switch (m.Kind)
        {
            case BusMessage.Presence when m.Seats is not null:
                var seats = new HashSet<(string, int)>();
                foreach (var s in m.Seats)
                    if (s.Split(' ') is [var hall, var n] && int.TryParse(n, out var seat)) seats.Add((hall, seat));
                presence.FromNode(m.Node, seats, clock.GetUtcNow());
                break;
            case BusMessage.StreamHealth when m.Council is not null && m.Health is { } health:
                streamHealth.Remember(m.Council, health);
                break;
            case BusMessage.SittingChanged when m.Hall is not null && m.Council is not null:
                current.ForgetHere(m.Hall, m.Council);
                break;
            case BusMessage.CouncilsChanged:
                // Lost while Redis restarts? An id not in the list re-reads the registry (HallDirectory.CouncilExistsAsync).
                directory.ForgetCouncilsHere();
                log.LogInformation("The councils changed on node {Node}: their list is read again here", m.Node);
                break;
            case BusMessage.AccountRevoked when m.Login is not null:
                // Lost while Redis restarts? The login sweep closes the connections anyway at its next round (2 s):
                // the account's tokens are gone from the shared registry.
                var closed = live.CloseLoginHere(m.Login);
                log.LogInformation("Account {Login} was revoked on node {Node}: {Count} of its connections closed here", m.Login, m.Node, closed);
                break;
        }
    }
}
