using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Session.HallServer.Tests;

/// <summary>
/// Issue 12, part 3, on a real server: casts from two gateways fired concurrently with the chair's close (or cancel)
/// at random moments. Every cast acknowledged as accepted has a journal seq before the close's; the roll call equals
/// the accepted casts (the last per deputy). N iterations: 30 by default, <c>SESSION_RACE_ITERATIONS</c> for a long run.
/// </summary>
public sealed class CloseVoteRaceTests(ITestOutputHelper output)
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];

    private sealed record Sent(string CommandId, int Seat, string Choice, CommandAck? Ack);

    [Fact]
    public async Task Casts_racing_the_chairs_close_are_counted_exactly_when_acknowledged_before_it()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("SESSION_RACE_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 30;
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var gateways = new[] { await SittingDriver.GatewayAsync(hall), await SittingDriver.GatewayAsync(hall, messagePack: true) };
        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateways[0], seats);
        var deputyAt = (await chair.InvokeAsync<SeatView[]>("Seats")).Where(s => s.DeputyId is not null).ToDictionary(s => s.Seat, s => s.DeputyId!);
        var random = new Random(20261202);
        int accepted = 0, refusedAfterClose = 0, closes = 0, cancels = 0;
        var clock = Stopwatch.StartNew();

        for (int round = 0; round < iterations; round++)
        {
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 600);
            bool cancel = random.Next(5) == 0;
            int closeAfterMs = random.Next(0, 80);
            var presses = Enumerable.Range(0, 40).Select(i => (Seat: seats[random.Next(seats.Length)], Choice: Choices[random.Next(3)], DelayMs: random.Next(0, 40), Gateway: i % 2)).ToArray();
            var sent = new ConcurrentBag<Sent>();
            var casts = presses.Select(async p =>
            {
                await Task.Delay(p.DelayMs);
                var id = SittingDriver.NewCommandId();
                var ack = await gateways[p.Gateway].InvokeAsync<CommandAck>("Cast", new CastRequest(id, p.Seat, voteId, p.Choice));
                sent.Add(new Sent(id, p.Seat, p.Choice, ack));
            }).ToList();
            var end = Task.Run(async () =>
            {
                await Task.Delay(closeAfterMs);
                return cancel
                    ? await chair.InvokeAsync<CommandAck>("CancelVote", new CancelVoteRequest(voteId, "Повітряна тривога"))
                    : await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId));
            });
            await Task.WhenAll(casts).WaitAsync(TimeSpan.FromSeconds(60));
            var endAck = await end.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(endAck.Accepted, $"round {round}: {endAck.Reason}");
            var endSeq = endAck.JournalSeq!.Value;

            var ok = sent.Where(s => s.Ack!.Accepted).ToList();
            foreach (var s in ok)
                Assert.True(s.Ack!.JournalSeq < endSeq, $"round {round}: cast {s.CommandId} acknowledged at {s.Ack.JournalSeq}, after the end at {endSeq}");
            foreach (var s in sent.Where(s => !s.Ack!.Accepted))
                Assert.Equal("vote-closed", s.Ack!.Reason);
            accepted += ok.Count;
            refusedAfterClose += sent.Count - ok.Count;

            var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{voteId}") ?? throw new InvalidOperationException("no vote");
            if (cancel)
            {
                cancels++;
                Assert.Equal("cancelled", vote.Status);
                continue;
            }
            closes++;
            Assert.Equal("closed", vote.Status);
            var expected = ok.GroupBy(s => deputyAt[s.Seat]).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Ack!.JournalSeq)!.Choice);
            foreach (var seat in seats)
            {
                var deputy = deputyAt[seat];
                var line = vote.RollCall!.Single(l => l.DeputyId == deputy);
                Assert.True(expected.GetValueOrDefault(deputy, "not-voting") == line.Result,
                    $"round {round}: {deputy} at seat {seat}: acked {expected.GetValueOrDefault(deputy, "not-voting")}, roll call {line.Result}");
            }
            Assert.Equal(expected.Values.Count(c => c == "yes"), vote.Tally.Yes);
            Assert.Equal(expected.Values.Count(c => c == "no"), vote.Tally.No);
            Assert.Equal(expected.Values.Count(c => c == "abstain"), vote.Tally.Abstain);
        }
        output.WriteLine($"RACE iterations={iterations} closes={closes} cancels={cancels} casts={iterations * 40} accepted={accepted} refused-after-close={refusedAfterClose} seconds={clock.Elapsed.TotalSeconds:F1}");
        Assert.True(accepted > 0 && refusedAfterClose > 0, "the races happened: some casts before the end and some after");
    }
}
