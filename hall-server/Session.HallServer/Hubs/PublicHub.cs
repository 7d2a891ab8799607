using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;
using Session.HallServer.Sittings;

namespace Session.HallServer.Hubs;

/// <summary>/hubs/public: read-only. The hall screen, the public page and the stream overlay watch the current sitting.</summary>
public sealed class PublicHub(CurrentSitting current) : Hub
{
    public async Task<SittingView?> Watch()
    {
        if (await current.IdAsync() is not { } id) return null;
        await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.SittingGroup(id));
        return await current.Grain(id).View() is { } view ? SittingFanout.ForPush(view) : null;
    }

    /// <summary>Echoes its argument: terminals show their link's round trip with it, and the benchmark measures bare SignalR.</summary>
    public long Ping(long value) => value;
}
