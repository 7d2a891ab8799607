using Session.Core.Journal;
using Session.Core.Voting;

namespace Session.Core.Sittings;

/// <summary>A request to change a sitting. Commands from a terminal carry the client's <c>CommandId</c>.</summary>
public abstract record SittingCommand
{
    public string? CommandId { get; init; }
}

public sealed record OpenRegistration : SittingCommand;
public sealed record CloseRegistration : SittingCommand;
/// <summary><see cref="Proof"/>: required at a remote place, where the host has checked a passkey and a PIN.</summary>
public sealed record Identify(int Seat, string DeputyId, string Method, string? Proof = null) : SittingCommand;
public sealed record Leave(int Seat) : SittingCommand;
/// <summary><see cref="Author"/>: who submitted the draft (суб'єкт подання); <see cref="Documents"/>: the prepared item's attached files.</summary>
public sealed record AddAgendaItem(string ItemId, string Title, string? DraftText, string? ProjectNumber, bool Urgent, string? Reason, string? Author = null, IReadOnlyList<AgendaDocument>? Documents = null) : SittingCommand;
public sealed record ReorderAgenda(IReadOnlyList<string> Order) : SittingCommand;
public sealed record StartAgendaItem(string ItemId) : SittingCommand;

public sealed record OpenVote(
    string VoteId,
    string Motion,
    VoteKind Kind,
    string RuleCode,
    VoteMode Mode,
    int DurationSeconds,
    string? ItemId = null,
    string? RevoteOf = null) : SittingCommand;

/// <summary>
/// The pre-sitting self-test: the host has checked which seats answer, read the registry's cards and hashed its own
/// build; the rules sum the roster and open the test vote. <see cref="SeatsAnswering"/> and <see cref="SeatsSilent"/>
/// together are the hall's seats.
/// </summary>
public sealed record RunSelfTest(
    string VoteId,
    int DurationSeconds,
    IReadOnlyList<Council.CardAssignment> Cards,
    string SoftwareHash,
    IReadOnlyList<int> SeatsAnswering,
    IReadOnlyList<int> SeatsSilent) : SittingCommand;

public sealed record Cast(int Seat, string VoteId, Choice Choice) : SittingCommand;
public sealed record EnterProxyVote(string VoteId, string DeputyId, Choice Choice, string Reason) : SittingCommand;
public sealed record DeclareConflict(string DeputyId, string? ItemId, string Statement) : SittingCommand;
/// <summary>A deputy's own declaration from the seat's terminal.</summary>
public sealed record DeclareConflictAtSeat(int Seat, string? ItemId, string Statement) : SittingCommand;
public sealed record CloseVote(string VoteId, string ClosedBy) : SittingCommand;
public sealed record CancelVote(string VoteId, string Reason) : SittingCommand;
public sealed record RequestFloor(int Seat) : SittingCommand;
public sealed record WithdrawFloor(int Seat) : SittingCommand;
public sealed record GrantFloor(string DeputyId, SpeechType SpeechType, int? Seconds) : SittingCommand;
public sealed record EndFloor(string Reason) : SittingCommand;
public sealed record StartRecess(string Kind, string Reason) : SittingCommand;
public sealed record Resume : SittingCommand;
public sealed record CloseSitting : SittingCommand;

/// <summary>
/// The answer of the rules to a command: events to journal, a rejection, or — for a repeated command id —
/// the journal sequence number of the first answer (idempotency, STYLE.md habit 8).
/// </summary>
public sealed record Decision(IReadOnlyList<SittingEvent> Events, Rejection? Rejection, long? DuplicateOf)
{
    public bool Accepted => Rejection is null;

    public static Decision Of(params SittingEvent[] events) => new(events, null, null);
    public static Decision Of(IReadOnlyList<SittingEvent> events) => new(events, null, null);
    public static Decision Reject(Rejection r) => new([], r, null);
    public static Decision Duplicate(long seq) => new([], null, seq);

    public static implicit operator Decision(Rejection r) => Reject(r);

    /// <summary>For a secret ballot: the voter, kept in memory only so nobody votes twice (never journaled).</summary>
    public string? SecretVoter { get; init; }
}
