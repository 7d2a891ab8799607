using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;

namespace Session.HallServer.Tests.Cluster;

/// <summary>
/// Seat units pressing in a loop through nginx, one gateway connection per seat, as a seat gateway does: a press is
/// re-sent with its commandId until it is acknowledged (reconnecting through nginx when its connection died), then
/// the next press goes. Every refusal and every server error is kept, apart from the re-sends a lost connection needs.
/// </summary>
public sealed class PressingSeats(RegionalHost host, int[] seats)
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];
    private readonly CancellationTokenSource _stop = new();
    private Task[] _workers = [];
    private int _resends;

    public ConcurrentDictionary<string, (int Seat, string Choice, long Seq)> Acked { get; } = new();
    public ConcurrentDictionary<int, string> LastAcked { get; } = new();
    /// <summary>Presses answered "not accepted" (code and message) or failed by the server (a hub error): failed commands.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();
    /// <summary>Presses sent again because the connection under them closed or broke.</summary>
    public int Resends => Volatile.Read(ref _resends);

    public void Start() => _workers = seats.Select(s => Task.Run(() => Worker(s))).ToArray();

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(120));
    }

    private async Task Worker(int seat)
    {
        HubConnection? link = null;
        for (int n = 0; !_stop.IsCancellationRequested; n++)
        {
            var (id, choice) = (SittingDriver.NewCommandId(), Choices[(seat + n) % 3]);
            while (true)
            {
                try
                {
                    if (link is not { State: HubConnectionState.Connected })
                    {
                        if (link is not null) await link.DisposeAsync();
                        link = await host.GatewayAsync(host.Nginx.BaseUrl);
                    }
                    var ack = await link.InvokeAsync<CommandAck>("Cast", new CastRequest(id, seat, host.VoteId, choice)).WaitAsync(TimeSpan.FromSeconds(30));
                    if (ack.Accepted)
                    {
                        Acked[id] = (seat, choice, ack.JournalSeq!.Value);
                        LastAcked[seat] = choice;
                        break;
                    }
                    Failures.Enqueue($"seat {seat} {id}: {ack.Reason}: {ack.MessageEn}");
                }
                catch (HubException ex) { Failures.Enqueue($"seat {seat} {id}: hub error: {ex.Message}"); }
                catch (Exception) { Interlocked.Increment(ref _resends); /* the connection closed under it: reconnect and re-send */ }
                await Task.Delay(200);
            }
        }
        if (link is not null) await link.DisposeAsync();
    }
}
