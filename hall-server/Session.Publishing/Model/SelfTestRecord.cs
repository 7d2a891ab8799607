using Session.Core.Sittings;

namespace Session.Publishing.Model;

/// <summary>
/// The last pre-sitting self-test as the protocol's first page reports it: when, which seats answered, how many
/// pressed in the test vote, the roster's checksum and the software's hash. Never a decision.
/// </summary>
public sealed record SelfTestRecord(
    DateTimeOffset At,
    string RosterChecksum,
    string SoftwareHash,
    IReadOnlyList<int> SeatsAnswering,
    IReadOnlyList<int> SeatsSilent,
    IReadOnlyList<int> SeatsPressed)
{
    public static SelfTestRecord? Of(Sitting sitting)
    {
        if (sitting.SelfTests.Count == 0) return null;
        var (at, ran) = sitting.SelfTests[^1];
        var pressed = sitting.Vote(ran.TestVoteId)?.Ballots.Values.Where(b => b.Seat is not null).Select(b => b.Seat!.Value).Distinct().Order().ToArray() ?? [];
        return new SelfTestRecord(at, ran.RosterChecksum, ran.SoftwareHash, ran.SeatsAnswering, ran.SeatsSilent, pressed);
    }
}
