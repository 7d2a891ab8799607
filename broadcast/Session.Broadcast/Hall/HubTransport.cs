using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Session.Core.Transport;

namespace Session.Broadcast.Hall;

/// <summary>
/// How the broadcast connects to the hall's hubs: a WebSocket without the negotiate request, so any node of a regional
/// host behind nginx serves it and nothing needs to be sticky (ARCHITECTURE.md "Deployments"); the hall CA pinned when given.
/// </summary>
public static class HubTransport
{
    public static Action<HttpConnectionOptions> WebSocketsOnly(HallCaPin? hallCa) => o =>
    {
        o.SkipNegotiation = true;
        o.Transports = HttpTransportType.WebSockets;
        if (hallCa is not null) o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = hallCa.Validate;
    };

    /// <summary>An error with its innermost cause: a refused certificate says so only there.</summary>
    public static string Why(Exception e) => e.GetBaseException() is var inner && inner != e ? $"{e.Message} ({inner.Message})" : e.Message;
}
