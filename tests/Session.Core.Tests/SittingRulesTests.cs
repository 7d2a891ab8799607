using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Xunit;

namespace Session.Core.Tests;

public sealed class SittingRulesTests
{
    [Fact]
    public void A_secretarys_command_sent_again_with_its_id_answers_its_first_event_also_after_a_replay_and_is_done_once()
    {
        var p = new Player();
        p.Register(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        var item = p.AddItem();
        p.Must(new StartAgendaItem(item));
        // OpenVote after a registration left open closes it first: the id is on the command's own event, the vote.
        p.Must(new OpenRegistration());
        var open = new OpenVote("v-1", "Рішення", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60, item) { CommandId = "chair-1" };
        var first = p.Must(open);
        Assert.Equal(2, first.Events.Count);
        Assert.Null(((RegistrationClosed)first.Events[0]).CommandId);
        Assert.Equal("chair-1", ((VoteOpened)first.Events[1]).CommandId);
        var journaled = p.Sitting.LastSeq;
        var count = p.Journal.Count;

        Assert.Equal(journaled, p.Run(open).DuplicateOf);
        // The grain activated anew on another node rebuilds from the journal, and still knows the id.
        Assert.Equal(journaled, p.Replay().Decide(open, p.Now).DuplicateOf);
        Assert.Equal(count, p.Journal.Count);
        Assert.Single(p.Sitting.Votes);

        // A command sent with a new id is a new command, decided by the rules.
        Assert.False(p.Run(open with { CommandId = "chair-2" }).Accepted);
        // Without an id nothing is stamped: the journal of the appliance's own timers reads as before.
        Assert.Null(((VoteClosed)p.Must(new CloseVote("v-1", "timer")).Events[0]).CommandId);
    }

    [Fact]
    public void The_head_counts_in_the_composition_only_when_registered()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 20).ToArray());
        Assert.False(p.Sitting.HeadPresent);
        Assert.Equal(26, p.Sitting.Composition);
        var item = p.AddItem();
        p.Must(new StartAgendaItem(item));
        var v = p.OpenVote();
        Assert.Equal(14, p.Sitting.Vote(v)!.Opened.Threshold);
        p.Must(new CloseVote(v, "chair"));

        p.Register(Enumerable.Range(1, 27).ToArray());
        Assert.True(p.Sitting.HeadPresent);
        Assert.Equal(27, p.Sitting.Composition);
        var v2 = p.OpenVote();
        Assert.Equal(14, p.Sitting.Vote(v2)!.Opened.Threshold);
        var veto = p.Sitting.Decide(new CloseVote(v2, "chair"), p.Now);
        Assert.True(veto.Accepted);
    }

    [Fact]
    public void Quorum_needs_more_than_half_of_the_composition()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 13).ToArray());
        Assert.False(p.Sitting.HasQuorum);
        Assert.Equal("no-quorum", p.Run(new OpenVote("v", "m", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60)).Rejection!.Code);
        p.Register(Enumerable.Range(1, 14).ToArray());
        Assert.True(p.Sitting.HasQuorum);
    }

    [Fact]
    public void A_vote_is_passed_with_exactly_the_threshold_and_failed_one_below()
    {
        foreach (var (yes, passed) in new[] { (14, true), (13, false) })
        {
            var p = new Player();
            p.Register(Enumerable.Range(1, 20).ToArray());
            var v = p.OpenVote();
            for (int s = 1; s <= 20; s++) p.Cast(s, v, s <= yes ? Choice.Yes : Choice.No);
            p.Must(new CloseVote(v, "chair"));
            var closed = p.Sitting.Vote(v)!.Closed!;
            Assert.Equal(passed, closed.Passed);
            Assert.Equal(new Tally(yes, 20 - yes, 0, 0, 7, 0), closed.Tally);
        }
    }

    [Fact]
    public void The_last_press_counts_while_open_unless_first_press_is_final()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        var v = p.OpenVote();
        Assert.True(p.Cast(1, v, Choice.Yes).Accepted);
        Assert.True(p.Cast(1, v, Choice.No).Accepted);
        Assert.Equal(Choice.No, p.Sitting.Vote(v)!.Ballots["d1"].Choice);

        var f = new Player(firstPressFinal: true);
        f.Register(Enumerable.Range(1, 15).ToArray());
        var v2 = f.OpenVote();
        Assert.True(f.Cast(1, v2, Choice.Yes).Accepted);
        Assert.Equal("already-cast", f.Cast(1, v2, Choice.No).Rejection!.Code);
    }

    [Fact]
    public void A_press_after_close_or_after_the_timer_is_refused_and_nothing_is_journaled()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        var v = p.OpenVote(seconds: 30);
        p.Now = p.Now.AddSeconds(30);
        var before = p.Journal.Count;
        Assert.Equal("vote-closed", p.Cast(2, v, Choice.Yes).Rejection!.Code);
        p.Must(new CloseVote(v, "timer"));
        Assert.Equal("vote-closed", p.Cast(2, v, Choice.Yes).Rejection!.Code);
        Assert.Equal("no-vote-open", p.Cast(2, "v-unknown", Choice.Yes).Rejection!.Code);
        Assert.Equal(before + 1, p.Journal.Count);
    }

    [Fact]
    public void Unknown_seat_unidentified_seat_and_unregistered_deputy_are_refused()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        p.Must(new Identify(20, p.DeputyAt(20), "pin") { CommandId = "late" }); // identified after registration closed
        var v = p.OpenVote();
        Assert.Equal("unknown-seat", p.Cast(99, v, Choice.Yes).Rejection!.Code);
        Assert.Equal("seat-not-identified", p.Cast(19, v, Choice.Yes).Rejection!.Code);
        Assert.Equal("not-registered", p.Cast(20, v, Choice.Yes).Rejection!.Code);
    }

    [Fact]
    public void A_card_already_identified_at_another_seat_is_refused()
    {
        var p = new Player();
        p.Must(new Identify(1, "d1", "card") { CommandId = "a" });
        var d = p.Run(new Identify(2, "d1", "card") { CommandId = "b" });
        Assert.Equal("card-in-use", d.Rejection!.Code);
        Assert.Contains("1", d.Rejection.En);
        Assert.Equal(1, p.Sitting.SeatOf("d1"));
    }

    [Fact]
    public void A_repeated_command_id_returns_the_first_answer_and_journals_nothing()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        var v = p.OpenVote();
        p.Cast(1, v, Choice.Yes, "press-1");
        var count = p.Journal.Count;
        var again = p.Cast(1, v, Choice.No, "press-1");
        Assert.Equal(p.Journal[^1].Seq, again.DuplicateOf);
        Assert.Equal(count, p.Journal.Count);
        Assert.Equal(Choice.Yes, p.Sitting.Vote(v)!.Ballots["d1"].Choice);
    }

    [Fact]
    public void A_declared_conflict_blocks_the_deputy_and_shows_as_not_taking_part()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 20).ToArray());
        var item = p.AddItem();
        p.Must(new StartAgendaItem(item));
        var declared = (ConflictDeclared)p.Must(new DeclareConflict("d3", null, "Моя земельна ділянка")).Events[0];
        Assert.False(declared.MayVote);
        var v = p.OpenVote();
        var refused = p.Cast(3, v, Choice.Yes);
        Assert.Equal("conflict-of-interest", refused.Rejection!.Code);
        p.Must(new CloseVote(v, "chair"));
        var line = p.Sitting.RollCallOf(p.Sitting.Vote(v)!).Single(l => l.DeputyId == "d3");
        Assert.Equal(RollCallResult.Conflict, line.Result);
        Assert.True(line.ConflictDeclared);
        Assert.Equal(1, p.Sitting.Vote(v)!.Closed!.Tally.Conflict);
    }

    [Fact]
    public void When_staying_out_would_break_the_quorum_the_deputy_may_vote_after_declaring()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 14).ToArray()); // exactly the quorum of 26
        var item = p.AddItem();
        p.Must(new StartAgendaItem(item));
        var declared = (ConflictDeclared)p.Must(new DeclareConflict("d2", null, "Родинний інтерес")).Events[0];
        Assert.True(declared.MayVote);
        var v = p.OpenVote();
        Assert.True(p.Cast(2, v, Choice.Yes).Accepted);
        p.Must(new CloseVote(v, "chair"));
        var line = p.Sitting.RollCallOf(p.Sitting.Vote(v)!).Single(l => l.DeputyId == "d2");
        Assert.Equal(RollCallResult.Yes, line.Result);
        Assert.True(line.ConflictDeclared);
    }

    [Fact]
    public void A_proxy_entry_needs_a_reason_and_is_marked()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        var v = p.OpenVote();
        Assert.Equal("reason-required", p.Run(new EnterProxyVote(v, "d4", Choice.Yes, " ")).Rejection!.Code);
        p.Must(new EnterProxyVote(v, "d4", Choice.Yes, "Пульт не працює"));
        p.Must(new CloseVote(v, "chair"));
        var line = p.Sitting.RollCallOf(p.Sitting.Vote(v)!).Single(l => l.DeputyId == "d4");
        Assert.True(line.Proxy);
        Assert.Equal("Пульт не працює", line.ProxyReason);
    }

    [Fact]
    public void A_cancelled_vote_keeps_its_record_and_a_revote_is_a_new_vote()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        var v = p.OpenVote();
        p.Cast(1, v, Choice.Yes);
        Assert.Equal("reason-required", p.Run(new CancelVote(v, "")).Rejection!.Code);
        p.Must(new CancelVote(v, "Збій табло"));
        var again = p.Id("v");
        p.Must(new OpenVote(again, "Рішення", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60, null, RevoteOf: v));
        Assert.Equal(VoteStatus.Cancelled, p.Sitting.Vote(v)!.Status);
        Assert.Single(p.Sitting.Vote(v)!.Ballots);
        Assert.Equal(v, p.Sitting.Vote(again)!.Opened.RevoteOf);
        Assert.Equal(2, p.Sitting.Votes.Count);
    }

    [Fact]
    public void A_secret_ballot_journals_no_seat_and_no_deputy()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 16).ToArray());
        var v = p.OpenVote(mode: VoteMode.Secret);
        for (int s = 1; s <= 16; s++) Assert.True(p.Cast(s, v, s % 2 == 0 ? Choice.Yes : Choice.No).Accepted);
        Assert.Equal("already-cast", p.Cast(1, v, Choice.Yes).Rejection!.Code);
        p.Must(new CloseVote(v, "chair"));
        foreach (var e in p.Journal.Where(e => e.Event is SecretBallotCast))
        {
            Assert.DoesNotContain("\"seat\"", e.Canonical);
            Assert.DoesNotContain("deputy", e.Canonical, StringComparison.OrdinalIgnoreCase);
        }
        var closed = p.Sitting.Vote(v)!.Closed!;
        Assert.Equal(8, closed.Tally.Yes);
        Assert.Equal(16, closed.SecretTurnout!.Count);
        Assert.Null(p.Sitting.Vote(v)!.RollCall);
    }

    [Fact]
    public void An_air_raid_recess_cancels_the_open_vote_and_blocks_new_ones_until_resumed()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 15).ToArray());
        var v = p.OpenVote();
        p.Must(new StartRecess("air-raid", "Повітряна тривога"));
        Assert.Equal(VoteStatus.Cancelled, p.Sitting.Vote(v)!.Status);
        Assert.Equal("in-recess", p.Run(new OpenVote("x", "m", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60)).Rejection!.Code);
        p.Must(new Resume());
        Assert.Null(p.Sitting.Recess);
    }

    [Fact]
    public void Speakers_are_queued_in_arrival_order_granted_with_a_limit_and_withdrawn()
    {
        var p = new Player();
        p.Register(1, 2, 3);
        p.Must(new RequestFloor(2) { CommandId = "f1" });
        p.Must(new RequestFloor(1) { CommandId = "f2" });
        Assert.Equal("already-in-queue", p.Run(new RequestFloor(2) { CommandId = "f3" }).Rejection!.Code);
        Assert.Equal(["d2", "d1"], p.Sitting.FloorQueue.Select(q => q.DeputyId));
        p.Must(new GrantFloor("d2", SpeechType.Debate, null));
        Assert.Equal(p.Now.AddMinutes(3), p.Sitting.Speaker!.Until);
        p.Must(new WithdrawFloor(1) { CommandId = "f4" });
        Assert.Empty(p.Sitting.FloorQueue);
        p.Must(new EndFloor("expired"));
        Assert.Null(p.Sitting.Speaker);
    }

    [Fact]
    public void An_urgent_agenda_item_needs_a_reason_and_reordering_needs_every_item_once()
    {
        var p = new Player();
        Assert.Equal("reason-required", p.Run(new AddAgendaItem("u", "Терміново", null, null, true, null)).Rejection!.Code);
        var a = p.AddItem("А");
        var b = p.AddItem("Б");
        Assert.Equal("bad-order", p.Run(new ReorderAgenda([a])).Rejection!.Code);
        p.Must(new ReorderAgenda([b, a]));
        Assert.Equal([b, a], p.Sitting.Agenda.Select(i => i.Id));
    }
}
