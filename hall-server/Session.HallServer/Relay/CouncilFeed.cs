using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Session.Core.Wire;

namespace Session.HallServer.Relay;

/// <summary>
/// One council's sitting as the relay sees it: ONE connection to the hall's /hubs/public, whatever the number of
/// viewers. Each push from the hall is serialized once (per protocol) and offered to every viewer of the council.
/// The connection comes back by itself after the hall restarts, and watches again.
/// </summary>
public sealed class CouncilFeed : IAsyncDisposable
{
    private static readonly TimeSpan[] Retries = [TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];
    private readonly string? _council;
    private readonly HubConnection _hall;
    private readonly ConcurrentDictionary<string, Viewer> _viewers = new();
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private SittingView? _current;

    /// <param name="council">The council, or null for the hall's only council (the hub's <c>Watch()</c>).</param>
    public CouncilFeed(Uri hallUrl, string? council, ILogger log)
    {
        _council = council;
        _log = log;
        _hall = new HubConnectionBuilder()
            .WithUrl(new Uri(hallUrl, HubNames.PublicPath), o => { o.SkipNegotiation = true; o.Transports = HttpTransportType.WebSockets; })
            .WithAutomaticReconnect(new ForeverRetry())
            .Build();
        _hall.On<SittingView>(HubNames.Sitting, view => Publish(view));
        _hall.On<TallyUpdate>(HubNames.Tally, tally => Offer(new RelayPush(false, tally.JournalSeq, Serialized(HubNames.Tally, tally))));
        _hall.On<CaptionLine>(HubNames.Caption, line => Offer(new RelayPush(false, line.Seq, Serialized(HubNames.Caption, line), IsCaption: true)));
        _hall.Reconnected += _ => WatchAsync();
    }

    public SittingView? Current { get { lock (_gate) return _current; } }

    public int Viewers => _viewers.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await _hall.StartAsync(cancellationToken);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log.LogWarning("The relay cannot reach the hall's public hub yet ({Error}); trying again", ex.Message);
                await Task.Delay(Retries[Math.Min(attempt, Retries.Length - 1)] + TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
        await WatchAsync();
    }

    public void Add(Viewer viewer) => _viewers[viewer.ConnectionId] = viewer;

    public void Remove(Viewer viewer) => _viewers.TryRemove(viewer.ConnectionId, out _);

    private async Task WatchAsync()
    {
        var view = _council is null
            ? await _hall.InvokeAsync<SittingView?>("Watch")
            : await _hall.InvokeAsync<SittingView?>("WatchCouncil", _council);
        if (view is not null) Publish(view);
    }

    /// <summary>
    /// What the audience gets of a sitting view: no deputies list (neither the public page nor a viewer shows it) and
    /// no roll calls (the page asks <c>/api/votes/{id}</c> for a closed vote's roll call when a citizen opens it, a
    /// snapshot the relay keeps). Every push goes to every viewer: in the hall bench a 450-seat council's view averaged
    /// 49 KB a frame with them, and ten thousand viewers' sockets could not take the tallies behind it.
    /// </summary>
    public static SittingView ForAudience(SittingView view) => Sittings.SittingFanout.WithoutRollCalls(view) with { Deputies = [] };

    private void Publish(SittingView full)
    {
        var view = ForAudience(full);
        lock (_gate)
        {
            if (_current is { } old && old.SittingId == view.SittingId && old.JournalSeq > view.JournalSeq) return;
            _current = view;
        }
        Offer(new RelayPush(true, view.JournalSeq, Serialized(HubNames.Sitting, view)));
    }

    private void Offer(RelayPush push)
    {
        foreach (var viewer in _viewers.Values) viewer.Offer(push);
    }

    private static SerializedHubMessage Serialized(string target, object value) => new(new InvocationMessage(target, [value]));

    public ValueTask DisposeAsync() => _hall.DisposeAsync();

    private sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) => Retries[Math.Min((int)context.PreviousRetryCount, Retries.Length - 1)];
    }
}
