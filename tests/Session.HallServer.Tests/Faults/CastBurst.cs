using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Journal;
using Session.Core.Wire;
using Session.HallServer.Storage;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Faults;

/// <summary>
/// Presses from several terminal connections, each under the hub's per-connection rate limit, until stopped; every
/// answer is recorded: acknowledged (with its journal sequence number), refused with a code, or failed in transport.
/// Then <see cref="AssertJournalHoldsExactlyTheAcknowledgedAsync"/> compares them with the journal on disk.
/// </summary>
public sealed class CastBurst
{
    public sealed record Press(string CommandId, int Seat, string Choice);

    public ConcurrentDictionary<string, (Press Press, long Seq)> Acknowledged { get; } = new();
    public ConcurrentDictionary<string, (Press Press, string Reason, string? Uk, string? En)> Refused { get; } = new();
    public ConcurrentQueue<string> TransportFailures { get; } = new();

    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Starts one presser per connection; connection k presses the seats in <paramref name="seatsPerConnection"/>[k] in turn.</summary>
    public void Start(IReadOnlyList<HubConnection> connections, IReadOnlyList<int[]> seatsPerConnection, string voteId)
    {
        var choices = new[] { "yes", "no", "abstain" };
        _running = Task.WhenAll(connections.Select(async (connection, k) =>
        {
            var seats = seatsPerConnection[k];
            for (int i = 0; !_stop.IsCancellationRequested; i++)
            {
                var press = new Press(SittingDriver.NewCommandId(), seats[i % seats.Length], choices[(i + k) % 3]);
                try
                {
                    var ack = await connection.InvokeAsync<CommandAck>("Cast", new CastRequest(press.CommandId, press.Seat, voteId, press.Choice));
                    if (ack.Accepted) Acknowledged[press.CommandId] = (press, ack.JournalSeq!.Value);
                    else Refused[press.CommandId] = (press, ack.Reason ?? "", ack.Message, ack.MessageEn);
                }
                catch (Exception ex) { TransportFailures.Enqueue(ex.Message); }
                // About 12 presses a second per connection: under the hub's limit of 20.
                await Task.Delay(80);
            }
        }));
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        await _running.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public int StorageRefusals => Refused.Values.Count(r => r.Reason == StorageFault.Code);

    /// <summary>
    /// Copies the running server's journal (SQLite's backup, a consistent snapshot), reads and checks the sitting's
    /// whole hash chain, and asserts: every acknowledged press is there at its sequence number, no press is there twice,
    /// and (when <paramref name="refusedAreAbsent"/>) no refused press was written.
    /// </summary>
    public async Task<List<JournalEntry>> AssertJournalHoldsExactlyTheAcknowledgedAsync(HallServerProcess hall, string sittingId, bool refusedAreAbsent)
    {
        var entries = await JournalCopy.ReadAsync(hall, sittingId);
        var byCommand = JournalCopy.CastsByCommand(entries);
        Assert.All(byCommand, g => Assert.Single(g.Value));
        foreach (var (id, (press, seq)) in Acknowledged)
        {
            Assert.True(byCommand.TryGetValue(id, out var found), $"acknowledged press {id} (seat {press.Seat}, seq {seq}) is not in the journal");
            Assert.Equal(seq, found![0].Seq);
            Assert.Equal(press.Seat, found[0].Cast.Seat);
        }
        if (refusedAreAbsent)
            foreach (var id in Refused.Keys) Assert.False(byCommand.ContainsKey(id), $"refused press {id} was written to the journal");
        return entries;
    }

    /// <summary>The server's seat map agrees with the acknowledged presses: each seat shows its last acknowledged choice.</summary>
    public async Task AssertSeatsShowTheLastAcknowledgedAsync(HubConnection chair)
    {
        var seats = await chair.InvokeAsync<SeatView[]>("Seats");
        foreach (var last in Acknowledged.Values.GroupBy(a => a.Press.Seat).Select(g => g.MaxBy(a => a.Seq)))
            Assert.Equal(last.Press.Choice, seats.Single(s => s.Seat == last.Press.Seat).Choice);
    }
}
