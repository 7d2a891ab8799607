using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;

namespace Session.Testing;

/// <summary>One acknowledged press: its seat and choice, its journal sequence number, when it was first sent and when acknowledged (Stopwatch timestamps).</summary>
public sealed record AckedPress(int Seat, string Choice, long Seq, long SentAt, long AckedAt);

/// <summary>
/// Seat units pressing in a loop, one connection per seat, as a seat gateway does: a press is re-sent with its
/// commandId until it is acknowledged (reconnecting when its connection died, e.g. through nginx after a node's
/// death), then the next press goes. Every refusal and every server error is kept, apart from the re-sends a lost
/// connection needs. Used by the regional host's tests and by bench/Session.Bench.Region.
/// </summary>
public sealed class PressingSeats(Func<Task<HubConnection>> connect, string voteId, int[] seats)
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];
    private readonly CancellationTokenSource _stop = new();
    private Task[] _workers = [];
    private int _resends;

    public ConcurrentDictionary<string, AckedPress> Acked { get; } = new();
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

    /// <summary>
    /// When the first press first sent after <paramref name="moment"/> (a Stopwatch timestamp, e.g. a node's kill) was
    /// acknowledged; 0 while none is. A press sent before the moment does not count, even if acknowledged after it.
    /// </summary>
    public long FirstAckOfPressSentAfter(long moment) =>
        Acked.Values.Where(a => a.SentAt > moment).Select(a => a.AckedAt).DefaultIfEmpty(0).Min();

    private async Task Worker(int seat)
    {
        HubConnection? link = null;
        for (int n = 0; !_stop.IsCancellationRequested; n++)
        {
            var (id, choice) = (SittingDriver.NewCommandId(), Choices[(seat + n) % 3]);
            var sentAt = Stopwatch.GetTimestamp();
            while (true)
            {
                try
                {
                    if (link is not { State: HubConnectionState.Connected })
                    {
                        if (link is not null) await link.DisposeAsync();
                        link = null;
                        link = await connect();
                    }
                    var ack = await link.InvokeAsync<CommandAck>("Cast", new CastRequest(id, seat, voteId, choice)).WaitAsync(TimeSpan.FromSeconds(30));
                    if (ack.Accepted)
                    {
                        Acked[id] = new AckedPress(seat, choice, ack.JournalSeq!.Value, sentAt, Stopwatch.GetTimestamp());
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
