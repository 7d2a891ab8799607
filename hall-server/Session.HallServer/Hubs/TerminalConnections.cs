using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Session.HallServer.Hubs;

/// <summary>
/// The open terminal connections by terminal, so that a revoked key — a remote device revoked by the admin, a remote
/// key replaced by a new sign-in, a sitting closed — loses its connection at once, not at its next reconnect
/// (SignalR checks the key only in <c>Hello</c>).
/// </summary>
public sealed class TerminalConnections(ILogger<TerminalConnections> log)
{
    private readonly ConcurrentDictionary<string, (string TerminalId, HubCallerContext Context)> _byConnection = new(StringComparer.Ordinal);

    public void Paired(HubCallerContext context, string terminalId) => _byConnection[context.ConnectionId] = (terminalId, context);

    public void Gone(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    public void Close(string terminalId, string why)
    {
        foreach (var (id, e) in _byConnection.Where(kv => kv.Value.TerminalId == terminalId).ToList())
        {
            log.LogInformation("Closing terminal connection {ConnectionId} of {TerminalId}: {Why}", id, terminalId, why);
            e.Context.Abort();
            _byConnection.TryRemove(id, out _);
        }
    }
}
