using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
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

    /// <summary>
    /// Pings every 2 s and gives the hall up after 10 s without a word (SignalR's defaults are 15 s and 30 s): a link that
    /// dies without a reset (a pulled cable, a dead switch) shows on the overlay's clock bug as lost within 10 s, and the
    /// watcher connects anew instead of waiting on a dead socket whose retransmissions back off for ever longer. The hall
    /// itself pings only every 15 s, so a connection made quick must hear an answer more often than that: the health
    /// reporter's report every second, the watcher's <c>Ping</c> every 2 s.
    /// </summary>
    public static HubConnection Quick(this HubConnection connection)
    {
        connection.KeepAliveInterval = TimeSpan.FromSeconds(2);
        connection.ServerTimeout = TimeSpan.FromSeconds(10);
        return connection;
    }

    /// <summary>An error with its innermost cause: a refused certificate says so only there.</summary>
    public static string Why(Exception e) => e.GetBaseException() is var inner && inner != e ? $"{e.Message} ({inner.Message})" : e.Message;
}
