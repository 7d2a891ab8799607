using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Session.Core.Sittings;
using Session.Core.Voting;
using Xunit;

namespace Session.Core.Tests;

/// <summary>Random sittings: the tally always equals the roll call, and replaying the journal equals the live state.</summary>
public sealed class PropertyTests
{
    public sealed record Press(int Seat, int Choice, bool Proxy, bool Conflict);

    private static Player Play(int registered, Press[] presses, int rule, bool secret)
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, registered).ToArray());
        var item = p.AddItem();
        p.Must(new StartAgendaItem(item));
        foreach (var c in presses.Where(x => x.Conflict).Select(x => x.Seat).Distinct())
            p.Run(new DeclareConflict(p.DeputyAt(c), null, "конфлікт"));
        if (!p.Sitting.HasQuorum) return p;
        var v = p.OpenVote(rule: VoteRule.All[rule].Code, mode: secret ? VoteMode.Secret : VoteMode.Named);
        foreach (var x in presses)
        {
            var choice = (Choice)(x.Choice + 1);
            if (x.Proxy && !secret) p.Run(new EnterProxyVote(v, p.DeputyAt(x.Seat), choice, "пульт"));
            else p.Cast(x.Seat, v, choice);
        }
        p.Must(new CloseVote(v, "chair"));
        return p;
    }

    private static Arbitrary<(int, Press[], int, bool)> Sittings() =>
        (from registered in Gen.Choose(14, 27)
         from presses in Gen.ArrayOf(
             from seat in Gen.Choose(1, 27)
             from choice in Gen.Choose(0, 2)
             from proxy in Gen.Frequency((1, Gen.Constant(true)), (9, Gen.Constant(false)))
             from conflict in Gen.Frequency((1, Gen.Constant(true)), (15, Gen.Constant(false)))
             select new Press(seat, choice, proxy, conflict))
         from rule in Gen.Choose(0, 3)
         from secret in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
         select (registered, presses, rule, secret)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property The_tally_equals_the_roll_call_and_the_result_follows_the_threshold() =>
        Prop.ForAll(Sittings(), t =>
        {
            var (registered, presses, rule, secret) = t;
            var p = Play(registered, presses, rule, secret);
            foreach (var vote in p.Sitting.Votes.Where(v => v.Closed is not null))
            {
                var closed = vote.Closed!;
                if (!secret) Assert.Equal(Tally.Of(p.Sitting.RollCallOf(vote).Select(l => l.Result)), closed.Tally);
                Assert.Equal(p.Sitting.Roster.Deputies.Count, closed.Tally.Cast + closed.Tally.NotVoting + closed.Tally.Absent + closed.Tally.Conflict);
                Assert.Equal(closed.Tally.Yes >= closed.Threshold, closed.Passed);
            }
        });

    [Property(MaxTest = 100)]
    public Property Replaying_the_journal_equals_the_live_state() =>
        Prop.ForAll(Sittings(), t =>
        {
            var (registered, presses, rule, secret) = t;
            var p = Play(registered, presses, rule, secret);
            Assert.Equal(JournalTests.Fingerprint(p.Sitting), JournalTests.Fingerprint(p.Replay()));
        });
}
