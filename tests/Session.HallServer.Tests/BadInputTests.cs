using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>Every bad input gets a clear error and the journal does not change (ARCHITECTURE.md, issue 2).</summary>
public sealed class BadInputTests(OpenVoteHall hall) : IClassFixture<OpenVoteHall>
{
    private async Task AssertRefusedAndJournalUnchanged(Func<Task<CommandAck>> call, string reason)
    {
        var before = await hall.JournalSeqAsync();
        var ack = await call();
        Assert.False(ack.Accepted);
        Assert.Equal(reason, ack.Reason);
        Assert.False(string.IsNullOrWhiteSpace(ack.Message));
        Assert.False(string.IsNullOrWhiteSpace(ack.MessageEn));
        Assert.Null(ack.JournalSeq);
        Assert.Equal(before, await hall.JournalSeqAsync());
    }

    private Task<CommandAck> Cast(int seat, string voteId, string choice, string? commandId = null) =>
        hall.Gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(commandId ?? SittingDriver.NewCommandId(), seat, voteId, choice));

    [Fact]
    public Task A_cast_for_an_unknown_seat_is_refused() => AssertRefusedAndJournalUnchanged(() => Cast(99, hall.VoteId, "yes"), "unknown-seat");

    [Fact]
    public Task A_cast_for_an_unknown_vote_is_refused() => AssertRefusedAndJournalUnchanged(() => Cast(1, "v-nope", "yes"), "unknown-vote");

    [Fact]
    public Task A_cast_with_an_unknown_choice_is_refused() => AssertRefusedAndJournalUnchanged(() => Cast(1, hall.VoteId, "maybe"), "bad-choice");

    [Fact]
    public Task A_cast_without_a_command_id_is_refused() => AssertRefusedAndJournalUnchanged(() => Cast(1, hall.VoteId, "yes", commandId: ""), "bad-request");

    [Fact]
    public Task A_cast_with_a_null_request_is_refused() =>
        AssertRefusedAndJournalUnchanged(() => hall.Gateway.InvokeAsync<CommandAck>("Cast", (CastRequest?)null), "bad-request");

    [Fact]
    public async Task A_cast_from_an_unregistered_seat_is_refused()
    {
        // Identified after registration closed: present at the seat, but not registered.
        await hall.Gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 21, Card: SittingDriver.DemoCard(21))).Must();
        await AssertRefusedAndJournalUnchanged(() => Cast(21, hall.VoteId, "yes"), "not-registered");
    }

    [Fact]
    public Task A_cast_from_a_seat_with_nobody_identified_is_refused() => AssertRefusedAndJournalUnchanged(() => Cast(25, hall.VoteId, "yes"), "seat-not-identified");

    [Fact]
    public Task A_cast_by_a_deputy_with_a_declared_conflict_is_refused() => AssertRefusedAndJournalUnchanged(() => Cast(7, hall.VoteId, "yes"), "conflict-of-interest");

    [Fact]
    public Task A_card_already_identified_at_another_seat_is_refused() =>
        AssertRefusedAndJournalUnchanged(() => hall.Gateway.InvokeAsync<CommandAck>("Identify",
            new IdentifyRequest(SittingDriver.NewCommandId(), 24, Card: SittingDriver.DemoCard(3))), "card-in-use");

    [Fact]
    public Task An_unknown_card_is_refused() =>
        AssertRefusedAndJournalUnchanged(() => hall.Gateway.InvokeAsync<CommandAck>("Identify",
            new IdentifyRequest(SittingDriver.NewCommandId(), 24, Card: "DEADBEEF")), "unknown-deputy");

    [Fact]
    public async Task A_repeated_command_id_returns_the_first_ack_and_counts_once()
    {
        var id = SittingDriver.NewCommandId();
        var first = await Cast(2, hall.VoteId, "yes", id);
        Assert.True(first.Accepted);
        var seq = await hall.JournalSeqAsync();
        var again = await Cast(2, hall.VoteId, "no", id);
        Assert.True(again.Accepted);
        Assert.Equal(first.JournalSeq, again.JournalSeq);
        Assert.Equal(seq, await hall.JournalSeqAsync());
    }

    [Fact]
    public async Task A_terminal_that_did_not_say_hello_cannot_act()
    {
        var stranger = await hall.Hall.ConnectTerminalAsync();
        await AssertRefusedAndJournalUnchanged(() => stranger.InvokeAsync<CommandAck>("Cast",
            new CastRequest(SittingDriver.NewCommandId(), 1, hall.VoteId, "yes")), "not-paired");
        var hello = await stranger.InvokeAsync<HelloReply>("Hello", new HelloRequest("not-a-key"));
        Assert.False(hello.Accepted);
        Assert.Equal("bad-terminal-key", hello.Reason);
    }

    [Fact]
    public async Task A_tablet_may_act_only_for_its_own_seat()
    {
        var key = await hall.Hall.IssueTerminalAsync("tablet", 5);
        var tablet = await hall.Hall.ConnectTerminalAsync();
        Assert.True((await tablet.InvokeAsync<HelloReply>("Hello", new HelloRequest(key.Key))).Accepted);
        await AssertRefusedAndJournalUnchanged(() => tablet.InvokeAsync<CommandAck>("Cast",
            new CastRequest(SittingDriver.NewCommandId(), 6, hall.VoteId, "yes")), "seat-not-allowed");
    }

    [Fact]
    public async Task A_wrongly_typed_hub_argument_is_an_error_and_changes_nothing()
    {
        var before = await hall.JournalSeqAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => hall.Gateway.InvokeAsync<CommandAck>("Cast", "not an object"));
        Assert.Contains("Cast", error.Message);
        Assert.Equal(before, await hall.JournalSeqAsync());
    }

    [Fact]
    public async Task An_oversized_hub_message_closes_that_connection_and_changes_nothing()
    {
        var before = await hall.JournalSeqAsync();
        var terminal = await hall.Hall.ConnectTerminalAsync();
        var closed = new TaskCompletionSource<Exception?>();
        terminal.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        var huge = new string('x', 100_000);
        await Assert.ThrowsAnyAsync<Exception>(() => terminal.InvokeAsync<CommandAck>("Cast",
            new CastRequest(huge, 1, hall.VoteId, "yes")).WaitAsync(TimeSpan.FromSeconds(30)));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(before, await hall.JournalSeqAsync());
    }

    [Fact]
    public async Task A_public_client_cannot_call_a_write_method()
    {
        var viewer = await hall.Hall.ConnectPublicAsync();
        var before = await hall.JournalSeqAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<CommandAck>("Cast",
            new CastRequest(SittingDriver.NewCommandId(), 1, hall.VoteId, "yes")));
        Assert.Contains("Cast", error.Message);
        await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(hall.VoteId)));
        Assert.Equal(before, await hall.JournalSeqAsync());
    }

    [Fact]
    public async Task A_chair_command_without_the_secretary_login_is_refused()
    {
        var anonymous = hall.Hall.BuildConnection(HubNames.ChairPath);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        Assert.Contains("401", refused.Message);
        var forged = hall.Hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>("forged-token"));
        await Assert.ThrowsAnyAsync<Exception>(() => forged.StartAsync());
        // A terminal cannot reach chair methods either.
        var before = await hall.JournalSeqAsync();
        await Assert.ThrowsAsync<HubException>(() => hall.Gateway.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(hall.VoteId)));
        Assert.Equal(before, await hall.JournalSeqAsync());
    }

    [Fact]
    public async Task Chair_commands_with_bad_arguments_are_refused_with_reasons()
    {
        await AssertRefusedAndJournalUnchanged(() => hall.Chair.InvokeAsync<CommandAck>("OpenVote",
            new OpenVoteRequest("Ще одне", "as-a-whole", "majority-of-composition", "named", 60)), "vote-already-open");
        await AssertRefusedAndJournalUnchanged(() => hall.Chair.InvokeAsync<CommandAck>("CancelVote", new CancelVoteRequest(hall.VoteId, "  ")), "reason-required");
        await AssertRefusedAndJournalUnchanged(() => hall.Chair.InvokeAsync<CommandAck>("EnterProxyVote",
            new ProxyVoteRequest(hall.VoteId, "dep-03", "yes", "")), "reason-required");
        await AssertRefusedAndJournalUnchanged(() => hall.Chair.InvokeAsync<CommandAck>("GrantFloor",
            new GrantFloorRequest("dep-03", "filibuster")), "bad-choice");
    }
}
