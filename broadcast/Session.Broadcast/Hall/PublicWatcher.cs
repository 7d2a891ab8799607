using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Core.Wire;

namespace Session.Broadcast.Hall;

/// <summary>
/// Follows the live sitting on hall-server's <c>/hubs/public</c>: <c>Watch()</c>, then the pushed <c>Sitting</c> and
/// <c>Tally</c>. Reconnects for ever (the stream must go on while the server restarts) and re-watches on reconnect;
/// pings the hall every 2 s so that a silent dead link is noticed within 10 s (<see cref="HubTransport.Quick"/>).
/// </summary>
public sealed class PublicWatcher(Uri hall, ILogger<PublicWatcher> log, Session.Core.Transport.HallCaPin? hallCa = null) : IAsyncDisposable
{
    private HubConnection? connection;

    public event Action<SittingView>? Sitting;
    public event Action<TallyUpdate>? Tally;
    /// <summary>A line from the hall's caption console (<see cref="HubNames.Caption"/>).</summary>
    public event Action<CaptionLine>? Caption;
    public event Action<bool>? Connected;

    public async Task RunAsync(CancellationToken ct)
    {
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hall, HubNames.PublicPath), HubTransport.WebSocketsOnly(hallCa))
            .WithAutomaticReconnect(new Forever())
            .Build()
            .Quick();
        connection.On<SittingView>(HubNames.Sitting, v => Sitting?.Invoke(v));
        connection.On<TallyUpdate>(HubNames.Tally, t => Tally?.Invoke(t));
        connection.On<CaptionLine>(HubNames.Caption, c => Caption?.Invoke(c));
        connection.Reconnecting += e =>
        {
            log.LogWarning("Зв'язок із залою {Hall} втрачено ({Error}); перепідключення / lost the hall; reconnecting", hall, e is null ? "closed" : HubTransport.Why(e));
            Connected?.Invoke(false);
            return Task.CompletedTask;
        };
        connection.Reconnected += async _ => await WatchAsync(ct);
        connection.Closed += _ => { Connected?.Invoke(false); return Task.CompletedTask; };

        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(TimeSpan.FromSeconds(15));
                if (hallCa is not null) await hallCa.LoadAsync(hall, deadline.Token);
                await connection.StartAsync(deadline.Token);
                await WatchAsync(ct);
                break;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Hall {Hall} not reachable ({Error}); retrying in {Delay} s", hall, HubTransport.Why(e), delay.TotalSeconds);
                try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
            catch (OperationCanceledException) { return; }
        }
        await PingAsync(ct);
    }

    /// <summary>
    /// The hall pings only every 15 s, and the 10 s timeout of <see cref="HubTransport.Quick"/> needs a word more often:
    /// while connected the watcher asks for one every 2 s (<c>Ping</c>, an echo). A dead link is the timeout's to notice.
    /// </summary>
    private async Task PingAsync(CancellationToken ct)
    {
        long n = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                if (connection!.State != HubConnectionState.Connected) continue;
                using var answer = CancellationTokenSource.CreateLinkedTokenSource(ct);
                answer.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.InvokeAsync<long>("Ping", ++n, answer.Token);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogDebug("Ping unanswered: {Error}", e.Message); }
        }
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            var view = await connection!.InvokeAsync<SittingView?>("Watch", ct);
            log.LogInformation("Watching sitting {Sitting} on {Hall}", view?.SittingId ?? "(none)", hall);
            Connected?.Invoke(true);
            if (view is not null) Sitting?.Invoke(view);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Watch() failed: {Error}", e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
    }

    private sealed class Forever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromSeconds(Math.Min(10, 1 << (int)Math.Min(retryContext.PreviousRetryCount, 3)));
    }
}
