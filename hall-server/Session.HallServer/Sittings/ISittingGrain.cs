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
    /// <summary>The deputy's remote place in a mixed or remote sitting, else null.</summary>
    Task<int?> RemoteSeatOf(string deputyId);
    Task<bool> HasVote(string voteId);
    Task<SelfTestView?> SelfTest();
}

public static class SittingGrainExtensions
{
    /// <summary>
    /// Runs a command; a grain that cannot even be activated because the journal cannot be read (a failing disk)
    /// answers <c>storage-failed</c> like a failed write, instead of an internal error.
    /// </summary>
    public static async Task<GrainAnswer> Execute(this ISittingGrain grain, SittingCommand command)
    {
        try
        {
            return await grain.Execute(command.AsImmutable());
        }
        catch (Exception ex) when (Storage.StorageFault.Is(ex))
        {
            return GrainAnswer.StorageFailed;
        }
    }
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

    /// <summary>The journal could not be written (disk full, read-only, I/O error): not accepted, nothing acknowledged.</summary>
    public static readonly GrainAnswer StorageFailed = new(false, null, Storage.StorageFault.Code,
        "Не вдалося записати до журналу (диск заповнений або недоступний для запису); команду не прийнято — повторіть її",
        "The journal could not be written (disk full or not writable); the command was not accepted — send it again");

    /// <summary>
    /// Another activation of this sitting (another node) wrote the journal first (<see cref="Storage.JournalConflictException"/>):
    /// not accepted, nothing acknowledged; this activation goes away and the command, sent again, is decided on the journal as it is.
    /// </summary>
    public static readonly GrainAnswer JournalConflict = new(false, null, Storage.StorageFault.Code,
        "Журнал засідання щойно записав інший сервер; команду не прийнято — повторіть її",
        "Another server has just written this sitting's journal; the command was not accepted — send it again");

    public CommandAck ToAck(string? commandId) => new(commandId, Accepted, Code, Uk, En, JournalSeq);
}
