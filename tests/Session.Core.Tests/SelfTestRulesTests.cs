using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.Core.Wire;
using Xunit;

namespace Session.Core.Tests;

/// <summary>Issue 12 item 7: the pre-sitting self-test in the rules — a journaled test vote that decides nothing.</summary>
public sealed class SelfTestRulesTests
{
    private static readonly string Build = new('a', 64);

    private static RunSelfTest SelfTest(Player p, string voteId = "t-1", int[]? silent = null, string? software = null, CardAssignment[]? cards = null)
    {
        silent ??= [];
        var all = p.Sitting.Roster.Seats.Select(s => s.Number).ToArray();
        return new RunSelfTest(voteId, 60, cards ?? [new CardAssignment("d1", "04A22B01")], software ?? Build, all.Except(silent).ToArray(), silent);
    }

    private static void Identify(Player p, params int[] seats)
    {
        foreach (var s in seats) p.Must(new Identify(s, p.DeputyAt(s), "card") { CommandId = p.Id() });
    }

    [Fact]
    public void Identified_deputies_press_in_the_test_vote_without_registration_or_quorum_and_nothing_is_decided()
    {
        var p = new Player();
        Identify(p, 1, 2, 3);
        p.Must(SelfTest(p, silent: [27]));
        Assert.Empty(p.Sitting.Registered);
        Assert.True(p.Cast(1, "t-1", Choice.Yes).Accepted);
        Assert.True(p.Cast(2, "t-1", Choice.No).Accepted);
        p.Must(new CloseVote("t-1", "chair"));

        var closed = Assert.IsType<VoteClosed>(p.Journal[^1].Event);
        Assert.False(closed.Passed);
        Assert.Equal(0, closed.Threshold);
        var report = SelfTestViews.Of(p.Sitting)!;
        Assert.Equal([1, 2], report.SeatsPressed);
        Assert.Equal([27], report.SeatsSilent);
        Assert.Equal(26, report.SeatsAnswering.Length);
        Assert.Equal("closed", report.VoteStatus);
        Assert.Equal("yes", report.Seats.Single(s => s.Seat == 1).Choice);
        Assert.Equal("d3", report.Seats.Single(s => s.Seat == 3).DeputyId);
        Assert.False(report.Seats.Single(s => s.Seat == 3).Pressed);
        var view = Views.Vote(p.Sitting, p.Sitting.Vote("t-1")!);
        Assert.True(view.Test);
        Assert.Null(view.Passed);
        Assert.Equal(0, view.Number);
    }

    [Fact]
    public void The_first_real_vote_after_a_self_test_is_number_one()
    {
        var p = new Player();
        Identify(p, 1);
        p.Must(SelfTest(p));
        p.Must(new CloseVote("t-1", "chair"));
        p.Register(Enumerable.Range(1, 20).ToArray());
        var v = p.OpenVote();
        Assert.Equal(1, p.Sitting.NumberOf(p.Sitting.Vote(v)!));
        Assert.Equal(1, Views.Vote(p.Sitting, p.Sitting.Vote(v)!).Number);
    }

    [Fact]
    public void A_self_test_after_the_first_real_vote_is_refused_and_the_journal_is_unchanged()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 20).ToArray());
        var v = p.OpenVote();
        p.Must(new CloseVote(v, "chair"));
        var before = p.Sitting.LastSeq;
        var refused = p.Run(SelfTest(p));
        Assert.Equal("self-test-after-votes", refused.Rejection!.Code);
        Assert.Contains("до першого голосування", refused.Rejection.Uk);
        Assert.Contains("before the sitting's first vote", refused.Rejection.En);
        Assert.Equal(before, p.Sitting.LastSeq);
        Assert.Empty(p.Sitting.SelfTests);
    }

    [Fact]
    public void Bad_self_test_data_is_refused_in_both_languages_and_nothing_is_journaled()
    {
        var p = new Player();
        var before = p.Sitting.LastSeq;
        var all = p.Sitting.Roster.Seats.Select(s => s.Number).ToArray();
        var bad = new[]
        {
            SelfTest(p, software: "not-a-hash"),
            new RunSelfTest("t-1", 60, [], Build, all.Skip(1).ToArray(), []),          // a seat missing
            new RunSelfTest("t-1", 60, [], Build, all, [1]),                            // a seat twice
            new RunSelfTest("t-1", 60, [], Build, all.Append(99).ToArray(), []),        // no such seat
        };
        foreach (var command in bad)
        {
            var r = p.Run(command).Rejection!;
            Assert.Equal("bad-self-test", r.Code);
            Assert.Contains("самоперевірки", r.Uk);
            Assert.Contains("self-test", r.En);
        }
        Assert.Equal("bad-duration", p.Run(SelfTest(p) with { DurationSeconds = 2 }).Rejection!.Code);
        Assert.Equal(before, p.Sitting.LastSeq);
    }

    [Fact]
    public void No_proxy_entry_in_the_test_vote_and_a_second_vote_cannot_open_while_it_runs()
    {
        var p = new Player();
        Identify(p, 1);
        p.Must(SelfTest(p));
        var before = p.Sitting.LastSeq;
        Assert.Equal("test-vote-no-proxy", p.Run(new EnterProxyVote("t-1", "d2", Choice.Yes, "пульт не працює")).Rejection!.Code);
        Assert.Equal("vote-already-open", p.Run(SelfTest(p, "t-2")).Rejection!.Code);
        Assert.Equal(before, p.Sitting.LastSeq);
    }

    [Fact]
    public void A_replayed_journal_keeps_the_test_flag_and_an_ordinary_vote_is_journaled_as_before()
    {
        var p = new Player();
        Identify(p, 1);
        p.Must(SelfTest(p));
        p.Cast(1, "t-1", Choice.Abstain);
        p.Must(new CloseVote("t-1", "chair"));
        p.Register(Enumerable.Range(1, 20).ToArray());
        var v = p.OpenVote();

        Assert.Contains("\"test\":true", p.Journal.Single(e => e.Event is VoteOpened { VoteId: "t-1" }).Canonical);
        Assert.DoesNotContain("\"test\"", p.Journal.Single(e => e.Event is VoteOpened o && o.VoteId == v).Canonical);
        var replayed = p.Replay();
        Assert.True(replayed.Vote("t-1")!.IsTest);
        Assert.False(replayed.Vote(v)!.IsTest);
        Assert.Equal(SelfTestViews.Of(p.Sitting), SelfTestViews.Of(replayed), new ViewComparer());
    }

    private sealed class ViewComparer : IEqualityComparer<SelfTestView?>
    {
        public bool Equals(SelfTestView? a, SelfTestView? b) =>
            System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

        public int GetHashCode(SelfTestView? v) => 0;
    }

    [Fact]
    public void The_roster_checksum_follows_the_documented_text_and_changes_with_a_card()
    {
        var roster = new Roster(new BodyInfo("rada", "Рада", "council", 2, null, null, 8),
            [new DeputyRef("d1", "Іваненко Ґанна", "f1"), new DeputyRef("head", "Голова", null, IsHead: true)],
            [new Faction("f1", "Перша")],
            [new Seat(2, "2"), new Seat(1, "1")]);
        CardAssignment[] cards = [new("head", "04A22B1B"), new("d1", "04A22B01"), new("stranger", "FFFF")];
        Assert.Equal(
            "session-roster-v1\nbody\trada\t2\ndeputy\td1\tІваненко Ґанна\tf1\t0\ndeputy\thead\tГолова\t\t1\nseat\t1\t1\nseat\t2\t2\ncard\td1\t04A22B01\ncard\thead\t04A22B1B",
            RosterChecksum.Text(roster, cards));
        var sum = RosterChecksum.Of(roster, cards);
        Assert.Matches("^[0-9a-f]{64}$", sum);
        Assert.Equal(sum, RosterChecksum.Of(roster, cards.Reverse()));
        Assert.NotEqual(sum, RosterChecksum.Of(roster, [new("head", "04A22B1B"), new("d1", "04A22B02")]));
        Assert.NotEqual(sum, RosterChecksum.Of(roster with { Seats = [new Seat(1, "1")] }, cards));
    }
}
