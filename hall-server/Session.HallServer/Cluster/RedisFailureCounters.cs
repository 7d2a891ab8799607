using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;

namespace Session.HallServer.Cluster;

/// <summary>
/// A regional host's throttle counters: Redis keys under the deployment's prefix
/// (<c>session:SERVICE:CLUSTER:throttle:…</c>), each expiring with its window or hold, so every node counts the same
/// failures and a login's limit is the configured one, not N times it. A count is INCR'd and given its expiry in one
/// script, so two nodes never both start a window. While Redis does not answer, every call throws
/// <see cref="ThrottleUnavailableException"/> after at most <see cref="Timeout"/>: the throttles fail closed.
/// </summary>
public sealed class RedisFailureCounters(IOptions<HallOptions> options, ILogger<RedisFailureCounters> log) : IFailureCounters, IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private const string CountScript = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

    // The same count, answering the window's time left too.
    private const string WindowScript = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {n, redis.call('PTTL', KEYS[1])}";

    private readonly Lazy<Task<ConnectionMultiplexer>> _redis = new(() => ConnectAsync(options.Value.Cluster));
    private readonly string _prefix = options.Value.Cluster.Prefix + "throttle:";

    private static Task<ConnectionMultiplexer> ConnectAsync(ClusterOptions cluster)
    {
        var config = ConfigurationOptions.Parse(cluster.Redis!);
        // Redis may be restarting when the node starts: connect in the background; calls fail (closed) until it answers.
        config.AbortOnConnectFail = false;
        config.AsyncTimeout = config.SyncTimeout = config.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        return ConnectionMultiplexer.ConnectAsync(config);
    }

    public Task<long> AddAsync(string key, TimeSpan window) =>
        RunAsync(async db => (long)await db.ScriptEvaluateAsync(CountScript, [Key(key)], [(long)Math.Ceiling(window.TotalMilliseconds)]));

    /// <summary>
    /// One more request in a fixed window under <paramref name="key"/> (the per-address REST limits,
    /// <see cref="SharedAddressLimits"/>): the count and how long the window still runs. Unlike the failure counters it
    /// fails open: null, at once when Redis is not connected, else after at most <see cref="Timeout"/>.
    /// </summary>
    public async Task<(long Count, TimeSpan Left)?> TryCountAsync(string key, TimeSpan window)
    {
        try
        {
            var redis = await _redis.Value.WaitAsync(Timeout);
            if (!redis.IsConnected) return null;
            var answer = (RedisResult[])(await redis.GetDatabase()
                .ScriptEvaluateAsync(WindowScript, [Key(key)], [(long)Math.Ceiling(window.TotalMilliseconds)]).WaitAsync(Timeout))!;
            var left = (long)answer[1];
            return ((long)answer[0], left > 0 ? TimeSpan.FromMilliseconds(left) : window);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public Task<bool> HoldAsync(string key, TimeSpan length) => RunAsync(db => db.StringSetAsync(Key(key), 1, length, When.NotExists));

    public Task<TimeSpan?> LeftAsync(string key) => RunAsync(db => db.KeyTimeToLiveAsync(Key(key)));

    public Task ClearAsync(params string[] keys) => RunAsync(db => db.KeyDeleteAsync(keys.Select(Key).ToArray()));

    private RedisKey Key(string key) => _prefix + key;

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call)
    {
        try
        {
            var redis = await _redis.Value;
            return await call(redis.GetDatabase()).WaitAsync(Timeout);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            log.LogWarning("The throttle counters in Redis are unavailable ({Error}); the attempt is refused", ex.GetType().Name);
            throw new ThrottleUnavailableException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated) await (await _redis.Value).DisposeAsync();
    }
}
