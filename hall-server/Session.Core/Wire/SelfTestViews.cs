using System.Runtime.Serialization;
using Session.Core.Sittings;

namespace Session.Core.Wire;

/// <summary><c>StartSelfTest</c> on /hubs/chair and the self-test REST endpoint: how long the test vote stays open.</summary>
[DataContract]
public sealed record SelfTestRequest([property: DataMember(Name = "durationSeconds")] int DurationSeconds = 60);

/// <summary>One seat in the self-test's report: did its terminal or bus unit answer, who is identified, what was pressed.</summary>
[DataContract]
public sealed record SelfTestSeatView(
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "label")] string Label,
    [property: DataMember(Name = "answered")] bool Answered,
    [property: DataMember(Name = "deputyId")] string? DeputyId,
    [property: DataMember(Name = "deputyName")] string? DeputyName,
    [property: DataMember(Name = "pressed")] bool Pressed,
    [property: DataMember(Name = "choice")] string? Choice);

/// <summary>The last self-test of the sitting: checksums, seats, and the test vote's presses seat by seat.</summary>
[DataContract]
public sealed record SelfTestView(
    [property: DataMember(Name = "sittingId")] string SittingId,
    [property: DataMember(Name = "at")] DateTimeOffset At,
    [property: DataMember(Name = "testVoteId")] string TestVoteId,
    [property: DataMember(Name = "voteStatus")] string VoteStatus,
    [property: DataMember(Name = "rosterChecksum")] string RosterChecksum,
    [property: DataMember(Name = "softwareHash")] string SoftwareHash,
    [property: DataMember(Name = "seatsAnswering")] int[] SeatsAnswering,
    [property: DataMember(Name = "seatsSilent")] int[] SeatsSilent,
    [property: DataMember(Name = "seatsPressed")] int[] SeatsPressed,
    [property: DataMember(Name = "seats")] SelfTestSeatView[] Seats);

public static class SelfTestViews
{
    /// <summary>The sitting's last self-test, or null when none ran.</summary>
    public static SelfTestView? Of(Sitting s)
    {
        if (s.SelfTests.Count == 0) return null;
        var (at, ran) = s.SelfTests[^1];
        var vote = s.Vote(ran.TestVoteId);
        // The seat a deputy pressed from is in the ballot; the deputy may have moved since.
        var bySeat = vote?.Ballots.Values.Where(b => b.Seat is not null).ToDictionary(b => b.Seat!.Value) ?? new();
        var deputyOfSeat = vote?.Ballots.Where(b => b.Value.Seat is not null).ToDictionary(b => b.Value.Seat!.Value, b => b.Key) ?? new();
        var answering = ran.SeatsAnswering.ToHashSet();
        var seats = s.Roster.Seats.Where(x => !x.Remote).OrderBy(x => x.Number).Select(seat =>
        {
            var deputyId = deputyOfSeat.GetValueOrDefault(seat.Number) ?? s.DeputyAtSeat.GetValueOrDefault(seat.Number);
            var pressed = bySeat.TryGetValue(seat.Number, out var ballot);
            return new SelfTestSeatView(seat.Number, seat.Label, answering.Contains(seat.Number), deputyId,
                deputyId is null ? null : s.Roster.Deputy(deputyId)?.FullName, pressed, pressed ? ballot!.Choice.Wire() : null);
        }).ToArray();
        return new SelfTestView(s.SittingId, at, ran.TestVoteId, vote is null ? "missing" : Views.Kebab(vote.Status),
            ran.RosterChecksum, ran.SoftwareHash, ran.SeatsAnswering.ToArray(), ran.SeatsSilent.ToArray(),
            seats.Where(x => x.Pressed).Select(x => x.Seat).ToArray(), seats);
    }
}
