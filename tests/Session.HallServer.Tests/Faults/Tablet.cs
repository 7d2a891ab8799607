using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;

namespace Session.HallServer.Tests.Faults;

/// <summary>
/// A deputy's tablet as the terminal console behaves on a bad network: it reconnects and pairs again (Hello) when its
/// link dies, resends an unanswered press with the same commandId until it gets an answer, and keeps the last seat
/// and sitting the server pushed — its view, to compare with the server's.
/// </summary>
public sealed class Tablet(HallServerProcess hall, string key, int seat, string localAddress) : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(4);
    private HubConnection? _connection;

    public int Seat { get; } = seat;
    public SeatView? LastSeat { get; private set; }
    public SittingView? LastSitting { get; private set; }
    public int Reconnects { get; private set; }

    public async Task ConnectAsync()
    {
        if (_connection is { State: HubConnectionState.Connected }) return;
        if (_connection is not null)
        {
            Reconnects++;
            await _connection.DisposeAsync();
        }
        var c = hall.BuildConnection(HubNames.TerminalPath, localAddress: localAddress);
        c.ServerTimeout = TimeSpan.FromSeconds(8);
        c.KeepAliveInterval = TimeSpan.FromSeconds(2);
        c.On<SeatView>(HubNames.Seat, v => { if (v.Seat == Seat) LastSeat = v; });
        c.On<SittingView>(HubNames.Sitting, v => LastSitting = v);
        _connection = c;
        using var cts = new CancellationTokenSource(CallTimeout);
        await c.StartAsync(cts.Token);
        var hello = await c.InvokeAsync<HelloReply>("Hello", new HelloRequest(key, $"tablet {Seat}"), cts.Token);
        if (!hello.Accepted) throw new InvalidOperationException("tablet key refused: " + hello.Reason);
    }

    /// <summary>Presses until the server answers this press (accepted or refused); returns its command id and answer.</summary>
    public async Task<(string CommandId, CommandAck Ack, int Attempts)> PressAsync(string voteId, string choice, TimeSpan giveUpAfter)
    {
        var id = SittingDriver.NewCommandId();
        var deadline = DateTime.UtcNow + giveUpAfter;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await ConnectAsync();
                using var cts = new CancellationTokenSource(CallTimeout);
                var ack = await _connection!.InvokeAsync<CommandAck>("Cast", new CastRequest(id, Seat, voteId, choice), cts.Token);
                return (id, ack, attempt);
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // No answer: the press may or may not have arrived. Reconnect and send the same command id again.
                if (_connection is not null) { try { await _connection.StopAsync(); } catch (Exception) { } }
                await Task.Delay(300);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
