using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Xunit;

namespace Session.Core.Tests;

/// <summary>
/// Issue 12, part 3: presses interleaved with the chair's close or cancel (and the closing time passing) in random
/// orders. The tally is exactly the presses accepted before the close; no press is accepted after the close, the
/// cancel or the closing time; a repeated command id answers with its first, earlier sequence number.
/// </summary>
public sealed class CloseVoteRaceTests
{
    public enum Step { Cast, Repeat, Close, Cancel, Advance }

    public sealed record Move(Step Step, int Seat, int Choice, int Value);

    public sealed record Race(int Registered, bool Secret, bool FirstPressFinal, Move[] Moves);

    private static Arbitrary<Race> Races() =>
        (from registered in Gen.Choose(14, 27)
         from secret in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
         from firstPressFinal in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
         from moves in Gen.ArrayOf(
             from step in Gen.Frequency(
                 (12, Gen.Constant(Step.Cast)), (2, Gen.Constant(Step.Repeat)), (1, Gen.Constant(Step.Close)),
                 (1, Gen.Constant(Step.Cancel)), (1, Gen.Constant(Step.Advance)))
             from seat in Gen.Choose(1, 27)
             from choice in Gen.Choose(1, 3)
             from value in Gen.Choose(0, 40)
             select new Move(step, seat, choice, value))
         select new Race(registered, secret, firstPressFinal, moves)).ToArbitrary();

    private sealed record Pressed(string CommandId, int Seat, Choice Choice, long? Seq);

    [Property(MaxTest = 300)]
    public Property Casts_racing_the_close_count_exactly_when_accepted_before_it_and_never_after() =>
        Prop.ForAll(Races(), race =>
        {
            var p = new Player(firstPressFinal: race.FirstPressFinal);
            p.Register(Enumerable.Range(1, race.Registered).ToArray());
            p.Must(new StartAgendaItem(p.AddItem()));
            var voteId = p.OpenVote(mode: race.Secret ? VoteMode.Secret : VoteMode.Named, seconds: 60);
            var closesAt = p.Sitting.Vote(voteId)!.Opened.ClosesAt;
            var pressed = new List<Pressed>();
            long? endSeq = null;

            foreach (var move in race.Moves)
            {
                switch (move.Step)
                {
                    case Step.Cast:
                    case Step.Repeat when pressed.Count == 0:
                        pressed.Add(Press(p, voteId, closesAt, endSeq, p.Id(), move.Seat, (Choice)move.Choice));
                        break;
                    case Step.Repeat:
                        var earlier = pressed[move.Value % pressed.Count];
                        if (earlier.Seq is { } first)
                        {
                            // The terminal did not hear the ack and sends the same command again: the first answer, before the end.
                            var again = p.Cast(earlier.Seat, voteId, earlier.Choice, earlier.CommandId);
                            Assert.Equal(first, again.DuplicateOf);
                            Assert.True(endSeq is null || first < endSeq);
                        }
                        else pressed.Add(Press(p, voteId, closesAt, endSeq, earlier.CommandId, earlier.Seat, earlier.Choice));
                        break;
                    case Step.Close:
                        var close = p.Run(new CloseVote(voteId, "chair"));
                        Assert.Equal(endSeq is null, close.Accepted && close.DuplicateOf is null);
                        if (endSeq is null) endSeq = p.Sitting.LastSeq;
                        else Assert.Equal("vote-closed", close.Rejection?.Code);
                        break;
                    case Step.Cancel:
                        var cancel = p.Run(new CancelVote(voteId, "Повітряна тривога"));
                        if (cancel.Accepted) endSeq ??= p.Sitting.LastSeq;
                        else Assert.Equal("already-cancelled", cancel.Rejection?.Code);
                        break;
                    case Step.Advance:
                        p.Now += TimeSpan.FromSeconds(move.Value);
                        break;
                }
            }
            if (endSeq is null)
            {
                p.Must(new CloseVote(voteId, "timer"));
                endSeq = p.Sitting.LastSeq;
            }

            var accepted = pressed.Where(x => x.Seq is not null).ToList();
            Assert.All(accepted, a => Assert.True(a.Seq < endSeq, $"cast {a.CommandId} at {a.Seq} after the end at {endSeq}"));
            Assert.DoesNotContain(p.Journal, e => e.Seq > endSeq && e.Event is VoteCast c && c.VoteId == voteId);
            Assert.DoesNotContain(p.Journal, e => e.Seq > endSeq && e.Event is SecretBallotCast s && s.VoteId == voteId);

            var vote = p.Sitting.Vote(voteId)!;
            var end = p.Journal.Single(e => e.Seq == endSeq).Event;
            if (end is VoteCancelled)
            {
                Assert.Equal(VoteStatus.Cancelled, vote.Status);
                Assert.Null(vote.Closed);
                return;
            }
            var closed = Assert.IsType<VoteClosed>(end);
            // Last accepted press per deputy counts (first-press-final accepts only one).
            var counted = accepted.GroupBy(a => p.DeputyAt(a.Seat)).Select(g => g.MaxBy(a => a.Seq)!.Choice).ToList();
            Assert.Equal(counted.Count(c => c == Choice.Yes), closed.Tally.Yes);
            Assert.Equal(counted.Count(c => c == Choice.No), closed.Tally.No);
            Assert.Equal(counted.Count(c => c == Choice.Abstain), closed.Tally.Abstain);
            Assert.Equal(race.Registered - counted.Count, closed.Tally.NotVoting);
            if (!race.Secret && vote.Status == VoteStatus.Closed)
                foreach (var g in accepted.GroupBy(a => p.DeputyAt(a.Seat)))
                    Assert.Equal((RollCallResult)(int)g.MaxBy(a => a.Seq)!.Choice, vote.RollCall!.Single(l => l.DeputyId == g.Key).Result);
        });

    /// <summary>One press; checks what the rules must answer given where the vote stands.</summary>
    private static Pressed Press(Player p, string voteId, DateTimeOffset closesAt, long? endSeq, string commandId, int seat, Choice choice)
    {
        var d = p.Cast(seat, voteId, choice, commandId);
        bool over = endSeq is not null || p.Now >= closesAt;
        if (over)
        {
            Assert.False(d.Accepted, $"a press at seat {seat} was accepted after the vote ended");
            Assert.Equal("vote-closed", d.Rejection!.Code);
            return new Pressed(commandId, seat, choice, null);
        }
        var vote = p.Sitting.Vote(voteId)!;
        bool registered = seat <= p.Sitting.Registered.Count;
        bool alreadyFinal = vote.Opened.FirstPressFinal && d.Rejection?.Code == "already-cast";
        // While the vote is open, a registered deputy's press counts (unless first-press-final and already pressed).
        if (registered && !alreadyFinal) Assert.True(d.Accepted, $"seat {seat}: {d.Rejection?.Code}");
        if (!registered) Assert.False(d.Accepted);
        return new Pressed(commandId, seat, choice, d.Accepted ? p.Sitting.LastSeq : null);
    }
}
