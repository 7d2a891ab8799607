using System.Collections.Concurrent;

namespace Session.HallServer.Auth;

/// <summary>
/// Where the login and PIN throttles keep their counts (docs/deploy.md "Shared state"): in this process's memory on the
/// hall appliance (<see cref="MemoryFailureCounters"/>), in Redis on a regional host, so that every node counts the same
/// attempts (<see cref="Cluster.RedisFailureCounters"/>). One is chosen at start; the throttling itself is
/// <see cref="FailureWindow"/>, the same over both. Every key expires by itself.
/// </summary>
public interface IFailureCounters
{
    /// <summary>One more failure under <paramref name="key"/>; the count lives <paramref name="window"/> from its first failure. Answers the count.</summary>
    Task<long> AddAsync(string key, TimeSpan window);

    /// <summary>Puts a hold of <paramref name="length"/> on <paramref name="key"/> unless one is on; true when this call put it.</summary>
    Task<bool> HoldAsync(string key, TimeSpan length);

    /// <summary>How long the count or hold under <paramref name="key"/> still lives, or null when there is none.</summary>
    Task<TimeSpan?> LeftAsync(string key);

    Task ClearAsync(params string[] keys);
}

/// <summary>
/// The shared counters could not be read or written (Redis is down or does not answer in time). The throttles fail
/// closed: the attempt is refused, never let through uncounted.
/// </summary>
public sealed class ThrottleUnavailableException(Exception inner) : Exception("the failure counters are unavailable: " + inner.Message, inner);

/// <summary>The hall appliance's counters: one process, so its memory is the whole truth.</summary>
public sealed class MemoryFailureCounters(TimeProvider clock) : IFailureCounters
{
    private sealed record Entry(long Count, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _adds;

    public Task<long> AddAsync(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        // Expired entries would otherwise stay forever: every thousandth count sweeps them.
        if (Interlocked.Increment(ref _adds) % 1000 == 0)
            foreach (var (k, e) in _entries) if (e.Until <= now) _entries.TryRemove(new KeyValuePair<string, Entry>(k, e));
        var entry = _entries.AddOrUpdate(key, _ => new Entry(1, now + window),
            (_, old) => old.Until > now ? old with { Count = old.Count + 1 } : new Entry(1, now + window));
        return Task.FromResult(entry.Count);
    }

    public Task<bool> HoldAsync(string key, TimeSpan length)
    {
        var now = clock.GetUtcNow();
        var fresh = new Entry(1, now + length);
        var entry = _entries.AddOrUpdate(key, fresh, (_, old) => old.Until > now ? old : fresh);
        return Task.FromResult(ReferenceEquals(entry, fresh));
    }

    public Task<TimeSpan?> LeftAsync(string key)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<TimeSpan?>(_entries.TryGetValue(key, out var e) && e.Until > now ? e.Until - now : null);
    }

    public Task ClearAsync(params string[] keys)
    {
        foreach (var key in keys) _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
