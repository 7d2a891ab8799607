using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>A vote from registration to result over the real hubs of a real hall-server process.</summary>
public sealed class VotingOverHubsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_named_vote_is_cast_acked_after_durable_and_closed_with_the_law_threshold(bool messagePack)
    {
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync(messagePack);
        var gateway = await SittingDriver.GatewayAsync(hall, messagePack);
        var viewer = await hall.ConnectPublicAsync(messagePack);
        var tallies = new List<TallyUpdate>();
        viewer.On<TallyUpdate>(HubNames.Tally, t => { lock (tallies) tallies.Add(t); });
        // The seat terminals hear their seats and the sitting, never a running count (deputies vote without one), and
        // the sitting they are sent carries no roll call.
        var terminalTallies = 0;
        var terminalViews = new List<SittingView>();
        gateway.On<TallyUpdate>(HubNames.Tally, _ => Interlocked.Increment(ref terminalTallies));
        gateway.On<SittingView>(HubNames.Sitting, v => { lock (terminalViews) terminalViews.Add(v); });
        var watched = await viewer.InvokeAsync<SittingView>("Watch");
        Assert.Equal("vyshneva-45-2", watched.SittingId);

        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seats);
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall);

        var acks = new List<CommandAck>();
        foreach (var seat in seats)
        {
            var choice = seat <= 14 ? "yes" : seat <= 17 ? "no" : "abstain";
            acks.Add(await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, choice)));
        }
        Assert.All(acks, a => Assert.True(a.Accepted, a.Reason));
        Assert.All(acks, a => Assert.NotNull(a.JournalSeq));
        Assert.Equal(acks.Count, acks.Select(a => a.JournalSeq).Distinct().Count());

        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{voteId}");
        Assert.NotNull(vote);
        Assert.Equal("closed", vote!.Status);
        Assert.Equal(14, vote.Threshold); // art. 59 part 2: more than half of 26, head absent
        Assert.Equal(new TallyView(14, 3, 3, 0, 7, 0), vote.Tally);
        Assert.True(vote.Passed);
        Assert.Equal("Прийнято", vote.ResultUk);
        Assert.Equal(27, vote.RollCall!.Length);
        Assert.Equal("За", vote.RollCall.Single(r => r.DeputyId == "dep-01").ResultUk);
        Assert.Equal("Відсутній", vote.RollCall.Single(r => r.DeputyId == "head").ResultUk);

        await Eventually.True(() => { lock (tallies) return tallies.Any(t => t.VoteId == voteId && t.Tally.Yes == 14); },
            "the public viewer saw the final live tally");
        await Eventually.True(() => { lock (terminalViews) return terminalViews.Any(v => v.Votes.Any(x => x.VoteId == voteId && x.Status == "closed")); },
            "the terminals were sent the closed vote");
        Assert.Equal(0, Volatile.Read(ref terminalTallies));
        lock (terminalViews) Assert.All(terminalViews, v => Assert.All(v.Votes, x => Assert.Null(x.RollCall)));
    }
}
