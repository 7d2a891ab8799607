using Session.Core.Voting;
using Xunit;

namespace Session.Core.Tests;

/// <summary>A standing committee runs on the same engine as the council: its own composition, no head.</summary>
public sealed class CommitteeTests
{
    [Fact]
    public void A_committee_of_five_decides_with_three_and_needs_three_for_quorum()
    {
        var p = new Player(deputies: 5, withHead: false);
        Assert.Equal(5, p.Sitting.Composition);
        Assert.Equal(3, p.Sitting.QuorumNeeded);
        p.Register(1, 2, 3);
        var v = p.OpenVote();
        Assert.Equal(3, p.Sitting.Vote(v)!.Opened.Threshold);
        p.Cast(1, v, Choice.Yes);
        p.Cast(2, v, Choice.Yes);
        p.Cast(3, v, Choice.No);
        p.Must(new Sittings.CloseVote(v, "chair"));
        Assert.False(p.Sitting.Vote(v)!.Closed!.Passed);
    }
}
