using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Session.HallServer.Auth;

/// <summary>
/// The hub connections opened with a staff token, so that a revoked token or a deleted account loses its open
/// console within seconds rather than at its next reconnect (SignalR authenticates only when a connection opens).
/// </summary>
public sealed class LiveConnections(ILogger<LiveConnections> log)
{
    private sealed record Entry(string TokenHash, string Login, HubCallerContext Context);

    private readonly ConcurrentDictionary<string, Entry> _byConnection = new(StringComparer.Ordinal);

    public void Opened(HubCallerContext context, string tokenHash, string login) =>
        _byConnection[context.ConnectionId] = new Entry(tokenHash, login, context);

    public void Closed(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    public HashSet<string> Tokens() => _byConnection.Values.Select(e => e.TokenHash).ToHashSet(StringComparer.Ordinal);

    public void CloseToken(string tokenHash) => Close(e => e.TokenHash == tokenHash, "its login ended");

    /// <summary>An account revoked on a regional host: every node is told (<see cref="Cluster.ClusterState"/>).</summary>
    public event Action<string>? LoginClosed;

    public void CloseLogin(string login)
    {
        CloseLoginHere(login);
        LoginClosed?.Invoke(login);
    }

    /// <summary>Closes the account's connections on this node only; answers how many.</summary>
    public int CloseLoginHere(string login) => Close(e => e.Login == login, "its account was removed");

    private int Close(Func<Entry, bool> which, string why)
    {
        var closed = 0;
        foreach (var (id, e) in _byConnection.Where(kv => which(kv.Value)).ToList())
        {
            log.LogInformation("Closing hub connection {ConnectionId} of {Login}: {Why}", id, e.Login, why);
            e.Context.Abort();
            _byConnection.TryRemove(id, out _);
            closed++;
        }
        return closed;
    }
}
