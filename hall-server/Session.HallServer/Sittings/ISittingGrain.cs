using Orleans.Concurrency;
using Session.Core.Sittings;
using Session.Core.Wire;

namespace Session.HallServer.Sittings;

/// <summary>
/// One grain per sitting: the live state, and the one order in which its commands are decided.
/// Nothing here assumes one process; the state is rebuilt from the journal wherever the grain activates.
/// </summary>
public interface ISittingGrain : IGrainWithStringKey
{
    /// <summary>Commands are immutable records: passed without a deep copy inside the silo.</summary>
    Task<GrainAnswer> Execute(Immutable<SittingCommand> command);
    Task<GrainAnswer> Start(Session.Core.Journal.SittingOpened opening);
    Task<SittingView?> View();
    Task<VoteView?> Vote(string voteId);
    Task<SeatView[]> Seats();
    Task<SeatView?> Seat(int seat);
    Task<bool> HasVote(string voteId);
}

public static class SittingGrainExtensions
{
    public static Task<GrainAnswer> Execute(this ISittingGrain grain, SittingCommand command) => grain.Execute(command.AsImmutable());
}

/// <summary>The grain's answer: accepted with the durable journal sequence number, or a typed rejection.</summary>
[GenerateSerializer, Immutable]
public sealed record GrainAnswer(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] long? JournalSeq,
    [property: Id(2)] string? Code,
    [property: Id(3)] string? Uk,
    [property: Id(4)] string? En)
{
    public static GrainAnswer Ok(long seq) => new(true, seq, null, null, null);
    public static GrainAnswer From(Rejection r) => new(false, null, r.Code, r.Uk, r.En);
    public CommandAck ToAck(string? commandId) => new(commandId, Accepted, Code, Uk, En, JournalSeq);
}
