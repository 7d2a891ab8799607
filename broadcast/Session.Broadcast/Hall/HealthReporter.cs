using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Health;
using Session.Broadcast.Secrets;
using Session.Core.Wire;

namespace Session.Broadcast.Hall;

/// <summary>
/// Sends the stream's health to hall-server every second: <c>Hello({terminalKey})</c> on <c>/hubs/terminal</c> with the
/// broadcast terminal key, then <c>ReportStreamHealth(object)</c>; the server passes it to the secretary's console.
/// The same connection receives the secretary's stream controls (<c>StreamControl</c>), which the server sends only to a
/// paired broadcast of the council.
public sealed class HealthReporter(Uri hall, Secret key, Func<StreamHealth> snapshot, TimeProvider clock, ILogger<HealthReporter> log,
    Action<StreamControlRequest>? control = null, Session.Core.Transport.HallCaPin? hallCa = null) : IAsyncDisposable
{
    private HubConnection? connection;
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    public long Reports { get; private set; }
    private int refusals;

    public async Task RunAsync(CancellationToken ct)
    {
        connection = new HubConnectionBuilder().WithUrl(new Uri(hall, HubNames.TerminalPath), HubTransport.WebSocketsOnly(hallCa)).Build().Quick();
        if (control is not null)
            connection.On<StreamControlRequest>(HubNames.StreamControl, r =>
            {
                if (r is not null && r.Valid()) control(r);
                else log.LogWarning("Ignored a malformed stream control");
            });
        var retry = TimeSpan.FromSeconds(2);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (connection.State == HubConnectionState.Disconnected)
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    deadline.CancelAfter(TimeSpan.FromSeconds(15));
                    if (hallCa is not null) await hallCa.LoadAsync(hall, deadline.Token);
                    await connection.StartAsync(deadline.Token);
                    var reply = await connection.InvokeAsync<HelloReply>("Hello", new HelloRequest(key.Reveal(), "session-broadcast"), deadline.Token);
                    if (!reply.Accepted)
                    {
                        log.LogWarning("Hall refused the broadcast key: {Reason} {Message}; retrying in 30 s", reply.Reason, reply.Message);
                        await connection.StopAsync(ct);
                        await Task.Delay(TimeSpan.FromSeconds(30), ct);
                        continue;
                    }
                    log.LogInformation("Reporting stream health to {Hall} as terminal {Terminal}", hall, reply.TerminalId);
                }
                // A report unanswered in 5 s means a dead link: start over rather than wait on it (the next is due in 1 s).
                using var answer = CancellationTokenSource.CreateLinkedTokenSource(ct);
                answer.CancelAfter(ReportTimeout);
                var ack = await connection.InvokeAsync<CommandAck>("ReportStreamHealth", snapshot(), answer.Token);
                if (ack.Accepted) Reports++;
                else if (Reports == 0 && refusals++ == 0) log.LogWarning("Hall refused the health report: {Reason} {Message}", ack.Reason, ack.MessageEn);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogWarning("Health report failed ({Error}); retrying in {Delay} s", HubTransport.Why(e), retry.TotalSeconds);
                try
                {
                    if (connection.State != HubConnectionState.Disconnected) await connection.StopAsync(ct);
                    await Task.Delay(retry, ct);
                }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
    }
}
