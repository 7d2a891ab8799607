using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>A seat gateway's burst on one connection (issue 13 item 4): served per seat in parallel, each seat in order.</summary>
public sealed class GatewayBurstTests
{
    [Fact]
    public async Task A_gateways_burst_for_every_seat_on_one_connection_is_acked_and_journaled_once_each_in_each_seats_order()
    {
        // The demo council's 26 deputies (a 64-deputy demo takes minutes to seed on a loaded machine); the path is the
        // same for 64: every seat's commands on the gateway's one connection.
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        var seats = Enumerable.Range(1, 26).ToArray();

        // Registration itself as one burst: every seat's card at once.
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var identified = await Task.WhenAll(seats.Select(seat =>
            gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Card: SittingDriver.DemoCard(seat)))));
        Assert.All(identified, a => Assert.True(a.Accepted, a.Reason));
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall);
        var before = (await hall.CurrentSittingAsync()).JournalSeq;

        // Every seat presses "yes" and then changes its mind to "no", all sent without waiting for an answer.
        var commands = seats.SelectMany(seat => new[] { (Seat: seat, Choice: "yes", Id: SittingDriver.NewCommandId()), (Seat: seat, Choice: "no", Id: SittingDriver.NewCommandId()) }).ToArray();
        var acks = await Task.WhenAll(commands.Select(c => gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(c.Id, c.Seat, voteId, c.Choice))));

        Assert.All(acks, a => Assert.True(a.Accepted, a.Reason));
        Assert.Equal(commands.Length, acks.Select(a => a.JournalSeq).Distinct().Count());
        for (int i = 0; i < commands.Length; i += 2)
            Assert.True(acks[i].JournalSeq < acks[i + 1].JournalSeq, $"seat {commands[i].Seat}: its second press was journaled before its first");

        // Exactly once: the journal grew by one event per command, and a repeat of a command returns its first answer.
        Assert.Equal(before + commands.Length, (await hall.CurrentSittingAsync()).JournalSeq);
        var repeat = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(commands[0].Id, commands[0].Seat, voteId, commands[0].Choice));
        Assert.Equal(acks[0].JournalSeq, repeat.JournalSeq);
        Assert.Equal(before + commands.Length, (await hall.CurrentSittingAsync()).JournalSeq);

        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{voteId}");
        Assert.Equal(26, vote!.Tally.No);
        Assert.Equal(0, vote.Tally.Yes);
        Assert.All(seats, seat => Assert.Equal("no", vote.RollCall!.Single(r => r.DeputyId == $"dep-{seat:D2}").Result));
    }
}
