using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Core.Transport;
using Session.Core.Wire;

namespace Session.SeatGateway;

/// <summary>
/// The gateway's connection to <c>/hubs/terminal</c>: Hello with the gateway key, then sends the outbox's commands
/// (per seat in order, one in flight per seat) and re-sends whatever the server has not answered after any reconnect,
/// with the same commandId. Reconnects forever with backoff. Its seat report is repeated every <see cref="ReportEvery"/>
/// under a lease of <see cref="Lease"/>: if the link dies silently, the hall shows the seats offline when the lease runs
/// out, and the gateway itself gives the link up after <see cref="ServerTimeout"/> and connects anew.
/// </summary>
public sealed class HubLink(string hubUrl, string gatewayKey, Gateway gateway, Outbox outbox, ILogger logger, HallCaPin? hallCa = null)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);
    /// <summary>No word from the hall for this long (it pings every 15 s; our own pings every 2 s get its answers through) ends the connection.</summary>
    public static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(10);
    /// <summary>A connection attempt into a dead link is given up after this (the kernel would retry its SYN for two minutes).</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(6);
    private long _lastReport;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _gate = new();
    private readonly HashSet<int> _inFlight = new();
    private volatile HubConnection? _connected;
    private int _healthDirty = 1;

    public async Task RunAsync(CancellationToken ct)
    {
        gateway.CommandQueued += Wake;
        gateway.HealthChanged += () => { Interlocked.Exchange(ref _healthDirty, 1); Wake(); };
        var sender = SendLoopAsync(ct);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            var connection = new HubConnectionBuilder().WithUrl(hubUrl, WebSocketsOnly).Build();
            connection.KeepAliveInterval = ReportEvery;
            connection.ServerTimeout = ServerTimeout;
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += e => { closed.TrySetResult(); return Task.CompletedTask; };
            connection.On<SittingView>(HubNames.Sitting, gateway.OnSitting);
            connection.On<SeatView>(HubNames.Seat, gateway.OnSeat);
            connection.On<System.Text.Json.JsonElement>(HubNames.Tally, _ => { });
            try
            {
                using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connecting.CancelAfter(ConnectTimeout);
                if (hallCa is not null) await hallCa.LoadAsync(new Uri(hubUrl), connecting.Token);
                await connection.StartAsync(connecting.Token);
                var hello = await connection.InvokeAsync<HelloReply>("Hello", new HelloRequest(gatewayKey, "session-seat-gateway"), connecting.Token);
                if (!hello.Accepted)
                {
                    logger.LogError("the hall-server refused the gateway key: {Reason} {Message}", hello.Reason, hello.Message);
                    await connection.DisposeAsync();
                    await Task.Delay(TimeSpan.FromSeconds(5), ct);
                    continue;
                }
                logger.LogInformation("connected to {Hub} as terminal {TerminalId}; {Pending} commands to re-send", hubUrl, hello.TerminalId, outbox.Pending().Count);
                delay = TimeSpan.FromMilliseconds(200);
                _connected = connection;
                Interlocked.Exchange(ref _healthDirty, 1);
                Wake();
                await closed.Task.WaitAsync(ct);
                logger.LogWarning("lost the hall-server; reconnecting");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e)
            {
                // A refused certificate says so only in the innermost exception.
                logger.LogWarning("cannot reach {Hub}: {Error}", hubUrl, e.GetBaseException() is var inner && inner != e ? $"{e.Message} ({inner.Message})" : e.Message);
            }
            finally
            {
                _connected = null;
                await connection.DisposeAsync();
            }
            if (ct.IsCancellationRequested) break;
            try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { break; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(3).Ticks));
        }
        Wake();
        try { await sender; } catch (OperationCanceledException) { }
    }

    private void Wake() => _wake.Release();

    private async Task SendLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await _wake.WaitAsync(TimeSpan.FromSeconds(1), ct);
            var connection = _connected;
            if (connection is null) continue;
            if (Environment.TickCount64 - Interlocked.Read(ref _lastReport) >= ReportEvery.TotalMilliseconds) Interlocked.Exchange(ref _healthDirty, 1);
            if (Interlocked.Exchange(ref _healthDirty, 0) == 1)
            {
                Interlocked.Exchange(ref _lastReport, Environment.TickCount64);
                _ = ReportHealthAsync(connection, ct);
            }
            foreach (var command in outbox.Pending())
            {
                lock (_gate) if (!_inFlight.Add(command.Seat)) continue;
                _ = SendAsync(connection, command, ct);
            }
        }
    }

    private async Task ReportHealthAsync(HubConnection connection, CancellationToken ct)
    {
        try { await connection.InvokeAsync<CommandAck>("ReportSeats", gateway.Health() with { LeaseSeconds = (int)Lease.TotalSeconds }, ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _healthDirty, 1);
            logger.LogDebug("seat report not sent: {Error}", e.Message);
        }
    }

    private async Task SendAsync(HubConnection connection, OutboxCommand command, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CommandTimeout);
            object argument = command.Method switch
            {
                "Cast" => new CastRequest(command.Id, command.Seat, command.VoteId!, command.Choice!),
                "Identify" => new IdentifyRequest(command.Id, command.Seat, command.Card, command.Pin),
                _ => new SeatRequest(command.Id, command.Seat),
            };
            var ack = await connection.InvokeAsync<CommandAck>(command.Method, argument, timeout.Token);
            if (ack.Accepted) logger.LogInformation("seat {Seat} {Method} {CommandId} accepted, journal #{Seq}", command.Seat, command.Method, command.Id, ack.JournalSeq);
            else logger.LogWarning("seat {Seat} {Method} {CommandId} refused: {Reason} ({Message})", command.Seat, command.Method, command.Id, ack.Reason, ack.MessageEn);
            outbox.Done(command.Id);
        }
        catch (HubException e)
        {
            // The server threw on this command: re-sending it would fail the same way.
            logger.LogError("seat {Seat} {Method} {CommandId} failed on the server: {Error}", command.Seat, command.Method, command.Id, e.Message);
            outbox.Done(command.Id);
        }
        catch (Exception e)
        {
            logger.LogDebug("seat {Seat} {Method} {CommandId} not answered ({Error}); kept for re-sending", command.Seat, command.Method, command.Id, e.Message);
            if (!ct.IsCancellationRequested) await Task.Delay(250, CancellationToken.None);
        }
        finally
        {
            lock (_gate) _inFlight.Remove(command.Seat);
            Wake();
        }
    }

    // WebSockets without the negotiate request: any node of a regional host behind nginx serves the connection, so
    // nothing needs to be sticky (ARCHITECTURE.md "Deployments").
    private void WebSocketsOnly(Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions o)
    {
        o.SkipNegotiation = true;
        o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
        if (hallCa is not null) o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = hallCa.Validate;
    }
}
