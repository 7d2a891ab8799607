using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Relay;

/// <summary>
/// The relay's viewers. SignalR's lifetime manager is where a connection's <see cref="HubConnectionContext"/> is
/// seen (the hub only gets its id), so the registry is one: it counts connections for admission and keeps a
/// <see cref="Viewer"/> per connection for the feeds to write to.
/// </summary>
public sealed class ViewerRegistry(IOptions<HallOptions> options, ILogger<ViewerRegistry> log) : DefaultHubLifetimeManager<RelayHub>(NullLoggerFor())
{
    private readonly ConcurrentDictionary<string, Viewer> _viewers = new();
    private int _count;
    private long _dropped;

    public int Count => Volatile.Read(ref _count);
    public long Dropped => Interlocked.Read(ref _dropped);
    public int Capacity => options.Value.PublicRelay.MaxViewers;
    public bool Full => Count >= Capacity;

    public event Action<Viewer>? Left;

    public Viewer? Find(string connectionId) => _viewers.GetValueOrDefault(connectionId);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        var admitted = Interlocked.Increment(ref _count) <= Capacity;
        _viewers[connection.ConnectionId] = new Viewer(connection, options.Value.PublicRelay.SendTimeout, OnDropped) { Admitted = admitted };
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        Interlocked.Decrement(ref _count);
        if (_viewers.TryRemove(connection.ConnectionId, out var viewer))
        {
            viewer.Close();
            Left?.Invoke(viewer);
        }
        return base.OnDisconnectedAsync(connection);
    }

    private void OnDropped(Viewer viewer)
    {
        Interlocked.Increment(ref _dropped);
        log.LogInformation("A viewer too slow to take an update was dropped ({Dropped} so far)", Dropped);
    }

    private static ILogger<DefaultHubLifetimeManager<RelayHub>> NullLoggerFor() =>
        Microsoft.Extensions.Logging.Abstractions.NullLogger<DefaultHubLifetimeManager<RelayHub>>.Instance;
}
