using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Session.HallServer.Hosting;

namespace Session.HallServer.Cluster;

/// <summary>
/// What the nodes of a regional host tell each other that is not a sitting's record: which seats have a live terminal on
/// each node, the latest stream health, that a hall's current sitting changed, that the councils changed (one created or imported),
/// and that an account was revoked. One Redis pub/sub channel of the
/// deployment (<see cref="ClusterOptions.Prefix"/>); on the hall appliance it is off and nothing is sent. Messages are
/// hints that are repeated (presence every <see cref="Heartbeat"/>) or re-read (the registry), so one lost while Redis
/// restarts is made good by the next.
/// </summary>
public sealed class ClusterBus(IOptions<HallOptions> options, ILogger<ClusterBus> log) : IAsyncDisposable
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    /// <summary>This process's name on the bus: a node that restarts is a new node.</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N")[..12];

    public bool Enabled => options.Value.Cluster.Enabled;

    private ConnectionMultiplexer? _redis;
    private RedisChannel Channel => RedisChannel.Literal(options.Value.Cluster.Prefix + "bus");

    public event Action<BusMessage>? Received;

    public async Task StartAsync()
    {
        if (!Enabled) return;
        var config = ConfigurationOptions.Parse(options.Value.Cluster.Redis!);
        // Redis may be restarting: keep trying in the background rather than failing the node.
        config.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(config);
        await _redis.GetSubscriber().SubscribeAsync(Channel, (_, value) =>
        {
            try
            {
                if (JsonSerializer.Deserialize<BusMessage>((string)value!) is { } m && m.Node != Node) Received?.Invoke(m);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                log.LogWarning("A cluster bus message could not be read: {Problem}", ex.Message);
            }
        });
    }

    public void Publish(BusMessage message)
    {
        if (_redis is null) return;
        var text = JsonSerializer.Serialize(message with { Node = Node });
        // Fire and forget: while Redis is away the next heartbeat or re-read makes up for it.
        _redis.GetSubscriber().PublishAsync(Channel, text, CommandFlags.FireAndForget).ContinueWith(
            t => log.LogDebug(t.Exception, "A cluster bus message was not sent"), TaskContinuationOptions.OnlyOnFaulted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }
}

/// <summary>One bus message: <see cref="Kind"/> says which fields are set.</summary>
public sealed record BusMessage(string Kind)
{
    public const string Presence = "presence", StreamHealth = "stream-health", SittingChanged = "sitting-changed",
        CouncilsChanged = "councils-changed", AccountRevoked = "account-revoked";
    public string Node { get; init; } = "";
    /// <summary>Presence: every seat with a live terminal on the sending node, as "hall seat".</summary>
    public string[]? Seats { get; init; }
    public string? Council { get; init; }
    public string? Hall { get; init; }
    /// <summary>Account revoked: its login, whose hub connections every node closes.</summary>
    public string? Login { get; init; }
    /// <summary>Stream health: the report as the relay keeps it (plain JSON).</summary>
    public JsonElement? Health { get; init; }
}
