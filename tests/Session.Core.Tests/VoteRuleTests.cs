using Session.Core.Voting;
using Xunit;

namespace Session.Core.Tests;

public sealed class VoteRuleTests
{
    [Theory]
    [InlineData(26, 14)] // DOMAIN.md: 14 of 26 without the head
    [InlineData(27, 14)] // 14 of 27 with the head present
    [InlineData(34, 18)]
    [InlineData(35, 18)]
    [InlineData(42, 22)] // 22 of 42
    [InlineData(120, 61)]
    public void Majority_of_composition_is_more_than_half(int composition, int threshold) =>
        Assert.Equal(threshold, VoteRule.MajorityOfComposition.ThresholdOf(composition));

    [Theory]
    [InlineData(60, 40)] // art. 59 part 4: 40 of 60 overrides a veto
    [InlineData(27, 18)]
    [InlineData(26, 18)]
    [InlineData(3, 2)]
    public void Two_thirds_of_composition_is_at_least_two_thirds(int composition, int threshold) =>
        Assert.Equal(threshold, VoteRule.TwoThirdsOfComposition.ThresholdOf(composition));

    [Fact]
    public void Majority_of_cast_has_no_threshold_before_the_vote()
    {
        Assert.Null(VoteRule.MajorityOfCast.ThresholdBeforeOpening(26, 20));
        Assert.Equal(11, VoteRule.MajorityOfRegistered.ThresholdBeforeOpening(26, 20));
    }

    [Fact]
    public void Rules_are_found_by_their_code_and_unknown_codes_are_not()
    {
        foreach (var r in VoteRule.All) Assert.Same(r, VoteRule.ByCode(r.Code));
        Assert.Null(VoteRule.ByCode("simple-majority"));
    }
}
