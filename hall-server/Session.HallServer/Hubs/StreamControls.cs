using Microsoft.AspNetCore.SignalR;
using Session.Core.Sittings;
using Session.Core.Wire;

namespace Session.HallServer.Hubs;

/// <summary>
/// The secretary's stream controls (interpreter window, camera presets) on their way to the council's broadcast: the
/// chair hub checks the role, this sends the control to the broadcast's own connection on <c>/hubs/terminal</c> (paired
/// with the council's broadcast key). Whether the broadcast followed it shows in its next health report.
/// </summary>
public sealed class StreamControls(IHubContext<TerminalHub> terminals, StreamHealthRelay health)
{
    /// <summary>A broadcast whose last health report is older than this is treated as not connected.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(10);

    public static readonly Rejection NoBroadcast = new("no-broadcast",
        "Трансляція не під'єднана до сервера: команду не надіслано", "The broadcast is not connected to the server: the control was not sent");

    public static string Group(string councilId) => "broadcast:" + councilId;

    public async Task<CommandAck> SendAsync(string councilId, StreamControlRequest? request)
    {
        if (request is null || !request.Valid()) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (!health.ReportedWithin(councilId, Stale)) return CommandAck.Refused(null, NoBroadcast);
        await terminals.Clients.Group(Group(councilId)).SendAsync(HubNames.StreamControl, request);
        return new CommandAck(null, true, null, null, null, null);
    }
}
