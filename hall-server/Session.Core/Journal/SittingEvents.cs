using Session.Core.Council;
using Session.Core.Voting;

namespace Session.Core.Journal;

/// <summary>
/// Every accepted command becomes one of these (STYLE.md habit 3); the state of a sitting is a fold over them.
/// Names are the journal's <c>type</c>; fields are what the law and the published record need.
/// Events that come from a terminal carry its <c>CommandId</c>, so a repeat returns the first answer after a restart too.
/// </summary>
public abstract record SittingEvent;

/// <summary>
/// An event a secretary's command makes. It carries the command's id (written only when there is one, so older
/// journals read as before), so that a command sent again — by the hub after the sitting's node left the cluster
/// mid-call — answers its first sequence number instead of being done twice, on whatever node the sitting now lives.
/// </summary>
public interface IChairEvent
{
    string? CommandId { get; }
}

public sealed record SittingOpened(
    string SittingId,
    Roster Roster,
    int SessionNumber,
    string SessionTitle,
    int SittingNumber,
    string Place,
    DateOnly Date,
    bool FirstPressFinal,
    string? HallId = null,
    // Hall sittings write nothing here (SittingModes): their journals read as before.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Mode = null) : SittingEvent
{
    public bool AllowsRemote => SittingModes.AllowsRemote(Mode);

    /// <summary>Journals written before halls were in the registry ran in the council's one hall.</summary>
    public string Hall => HallId ?? Roster.Body.Council + "-hall";
}

public sealed record SittingClosed([property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record RegistrationOpened([property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record RegistrationClosed(int Registered, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

/// <summary>
/// <see cref="Proof"/>: for a remote place, what identified the deputy — the passkey's credential and the signed
/// assertion, hashed (<c>passkey:{credential}:{assertion}</c>); every cast from that place carries it.
/// </summary>
public sealed record DeputyIdentified(
    int Seat,
    string DeputyId,
    string Method,
    string? CommandId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Proof = null) : SittingEvent;

public sealed record DeputyLeft(int Seat, string DeputyId, string? CommandId) : SittingEvent;

/// <summary>A deputy counted present (реєстрація). Registration is repeated by opening it again.</summary>
public sealed record DeputyRegistered(string DeputyId, int? Seat) : SittingEvent;

public sealed record AgendaItemAdded(
    string ItemId,
    string Title,
    string? DraftText,
    string? ProjectNumber,
    bool Urgent,
    string? Reason,
    string? Author = null,
    IReadOnlyList<Sittings.AgendaDocument>? Documents = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record AgendaReordered(IReadOnlyList<string> Order, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record AgendaItemStarted(string ItemId, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record VoteOpened(
    string VoteId,
    string? ItemId,
    string Motion,
    VoteKind Kind,
    string RuleCode,
    VoteMode Mode,
    int Composition,
    bool HeadPresent,
    int Registered,
    int? Threshold,
    int DurationSeconds,
    DateTimeOffset ClosesAt,
    string? RevoteOf,
    bool FirstPressFinal,
    // Written only when set, so the journal of an ordinary vote reads exactly as before the self-test existed.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Test = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

/// <summary>
/// A named vote's press. The last press counts unless the vote is first-press-final. <see cref="Proof"/>: cast from a
/// remote place, the passkey proof its deputy identified with (<see cref="DeputyIdentified.Proof"/>).
/// </summary>
public sealed record VoteCast(
    string VoteId,
    string DeputyId,
    int Seat,
    Choice Choice,
    string CommandId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Proof = null) : SittingEvent;

/// <summary>A secret ballot: the choice, with no seat and no deputy (DOMAIN.md). Turnout is journaled at close.</summary>
public sealed record SecretBallotCast(string VoteId, Choice Choice, string CommandId) : SittingEvent;

/// <summary>The secretary's entry for a deputy whose terminal failed; marked as such wherever shown.</summary>
public sealed record ProxyVoteEntered(string VoteId, string DeputyId, Choice Choice, string Reason, string? CommandId) : SittingEvent;

/// <summary>
/// art. 59-1: declared before the vote; the deputy does not vote on the item.
/// <see cref="MayVote"/>: staying out would break the quorum, so the deputy may vote after declaring (both recorded).
/// </summary>
public sealed record ConflictDeclared(string DeputyId, string? ItemId, string Statement, bool MayVote, string? CommandId) : SittingEvent;

public sealed record VoteClosed(
    string VoteId,
    string ClosedBy,
    Tally Tally,
    int Threshold,
    bool Passed,
    IReadOnlyList<string>? SecretTurnout,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record VoteCancelled(string VoteId, string Reason, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

/// <summary>
/// The pre-sitting self-test (docs/operations.md): which seats answered when it ran, the roster's checksum
/// (<see cref="Council.RosterChecksum"/>), the running build's hash, and the test vote it opened — a vote journaled
/// with <c>Test</c> set, never counted, published or numbered as a decision.
/// </summary>
public sealed record SelfTestRan(
    string TestVoteId,
    string RosterChecksum,
    string SoftwareHash,
    IReadOnlyList<int> SeatsAnswering,
    IReadOnlyList<int> SeatsSilent) : SittingEvent;

public sealed record FloorRequested(string DeputyId, int Seat, string? CommandId) : SittingEvent;

public sealed record FloorWithdrawn(string DeputyId, string? CommandId) : SittingEvent;

public sealed record FloorGranted(string DeputyId, SpeechType SpeechType, int Seconds, DateTimeOffset Until, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record FloorEnded(string DeputyId, string Reason, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record RecessStarted(string Kind, string Reason, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public sealed record SittingResumed([property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CommandId = null) : SittingEvent, IChairEvent;

public enum SpeechType
{
    Report = 1,
    CoReport = 2,
    Debate = 3,
    Remark = 4,
    Reply = 5,
    Statement = 6,
}

public static class SpeechTypes
{
    /// <summary>Default limits in seconds; a council's rules of procedure may set others (configurable on the host).</summary>
    public static int DefaultSeconds(this SpeechType t) => t switch
    {
        SpeechType.Report => 15 * 60,
        SpeechType.CoReport => 10 * 60,
        SpeechType.Debate => 3 * 60,
        SpeechType.Remark => 60,
        SpeechType.Reply => 60,
        SpeechType.Statement => 3 * 60,
        _ => 3 * 60,
    };

    public static string Ukrainian(this SpeechType t) => t switch
    {
        SpeechType.Report => "доповідь",
        SpeechType.CoReport => "співдоповідь",
        SpeechType.Debate => "виступ в обговоренні",
        SpeechType.Remark => "репліка",
        SpeechType.Reply => "відповідь",
        SpeechType.Statement => "заява",
        _ => t.ToString(),
    };
}
