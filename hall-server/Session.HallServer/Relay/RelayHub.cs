using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;
using Session.HallServer.Hubs;

namespace Session.HallServer.Relay;

/// <summary>
/// The relay's /hubs/public: the same methods and pushes as the hall's <see cref="PublicHub"/>, answered from the
/// relay's feeds — a viewer never reaches the hall. A viewer beyond capacity is closed at once with the reason.
/// </summary>
public sealed class RelayHub(ViewerRegistry viewers, RelayFeeds feeds) : Hub
{
    private static readonly TimeSpan HallWait = TimeSpan.FromSeconds(10);

    public override Task OnConnectedAsync()
    {
        // SignalR sends a HubException's text in its close message and tells the client not to reconnect.
        if (viewers.Find(Context.ConnectionId) is not { Admitted: true }) throw new HubException(RelayErrors.HubText(RelayErrors.TooManyViewers));
        return Task.CompletedTask;
    }

    public Task<SittingView?> Watch() => Subscribe(null);

    public Task<SittingView?> WatchCouncil(string? council) => HubErrors.BadId(council) ? Task.FromResult<SittingView?>(null) : Subscribe(council);

    /// <summary>Echoes its argument, like the hall's: the round trip of the relay itself.</summary>
    public long Ping(long value) => value;

    private async Task<SittingView?> Subscribe(string? council)
    {
        if (viewers.Find(Context.ConnectionId) is not { } viewer) return null;
        CouncilFeed? feed;
        try
        {
            feed = await feeds.OfAsync(council).WaitAsync(HallWait);
        }
        catch (TimeoutException)
        {
            throw new HubException(RelayErrors.HubText(RelayErrors.HallUnreachable));
        }
        if (feed is null) throw new HubException(RelayErrors.HubText(RelayErrors.TooManyCouncils));
        feed.Add(viewer);
        return feed.Current is { } view ? view : null;
    }
}
