using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>
/// /hubs/public: read-only. The hall screen, the public page and the stream overlay watch a council's open sitting:
/// <c>WatchCouncil(council)</c>, or <c>Watch()</c> on a server with one council.
/// </summary>
public sealed class PublicHub(CurrentSitting current, HallDirectory directory, Relay.HallViewerBudget budget) : Hub
{
    private const string CountedItem = "budget";

    public override Task OnConnectedAsync()
    {
        // With the public relay on, the audience is served there; this hub keeps a small budget for the hall's screens.
        if (!budget.TryEnter()) throw new HubException(Relay.RelayErrors.HubText(Relay.RelayErrors.HallScreensOnly));
        Context.Items[CountedItem] = true;
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.Remove(CountedItem)) budget.Leave();
        return Task.CompletedTask;
    }

    public async Task<SittingView?> Watch() =>
        await directory.SoleCouncilAsync() is { } council ? await WatchCouncil(council) : null;

    public async Task<SittingView?> WatchCouncil(string? council)
    {
        if (HubErrors.BadId(council) || !await directory.CouncilExistsAsync(council!)) return null;
        await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.PublicGroup(council!));
        if (await current.OfCouncilAsync(council!) is not { } id) return null;
        return await current.Grain(id).View() is { } view ? SittingFanout.ForPush(view) : null;
    }

    /// <summary>Echoes its argument: terminals show their link's round trip with it, and the benchmark measures bare SignalR.</summary>
    public long Ping(long value) => value;
}
