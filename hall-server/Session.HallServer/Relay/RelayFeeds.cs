using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Relay;

/// <summary>
/// The relay's feeds, one per council asked for, started on the first viewer's request and kept. Their number is
/// bounded: a stranger asking for made-up councils cannot make the relay open connections to the hall without end.
/// </summary>
public sealed class RelayFeeds : IAsyncDisposable
{
    public const int MaxFeeds = 64;
    private readonly ConcurrentDictionary<string, Lazy<Task<CouncilFeed>>> _feeds = new();
    private readonly Uri _hall;
    private readonly ILoggerFactory _logs;
    private readonly CancellationTokenSource _stopping = new();

    public RelayFeeds(IOptions<RelayHostOptions> options, ViewerRegistry viewers, ILoggerFactory logs)
    {
        _hall = options.Value.HallUri;
        _logs = logs;
        viewers.Left += viewer =>
        {
            foreach (var feed in _feeds.Values)
                if (feed.IsValueCreated && feed.Value.IsCompletedSuccessfully) feed.Value.Result.Remove(viewer);
        };
    }

    /// <summary>The council's feed, started if needed; null when too many councils were asked for already.</summary>
    public async Task<CouncilFeed?> OfAsync(string? council)
    {
        var key = council ?? "";
        if (!_feeds.ContainsKey(key) && _feeds.Count >= MaxFeeds) return null;
        var lazy = _feeds.GetOrAdd(key, _ => new Lazy<Task<CouncilFeed>>(() => StartAsync(council)));
        try
        {
            return await lazy.Value;
        }
        catch (Exception) when (!_stopping.IsCancellationRequested)
        {
            _feeds.TryRemove(new KeyValuePair<string, Lazy<Task<CouncilFeed>>>(key, lazy));
            throw;
        }
    }

    private async Task<CouncilFeed> StartAsync(string? council)
    {
        var feed = new CouncilFeed(_hall, council, _logs.CreateLogger<CouncilFeed>());
        await feed.StartAsync(_stopping.Token);
        return feed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var lazy in _feeds.Values)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) await lazy.Value.Result.DisposeAsync();
        _stopping.Dispose();
    }
}
