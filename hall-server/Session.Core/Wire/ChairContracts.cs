using System.Runtime.Serialization;

namespace Session.Core.Wire;

// Arguments of /hubs/chair methods (docs/api.md). Every chair method answers with a CommandAck.

[DataContract]
public sealed record AgendaItemRequest(
    [property: DataMember(Name = "title")] string Title,
    [property: DataMember(Name = "draftText")] string? DraftText = null,
    [property: DataMember(Name = "projectNumber")] string? ProjectNumber = null,
    [property: DataMember(Name = "urgent")] bool Urgent = false,
    [property: DataMember(Name = "reason")] string? Reason = null);

[DataContract]
public sealed record ReorderRequest([property: DataMember(Name = "order")] string[] Order);

[DataContract]
public sealed record ItemRequest([property: DataMember(Name = "itemId")] string ItemId);

[DataContract]
public sealed record OpenVoteRequest(
    [property: DataMember(Name = "motion")] string Motion,
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "rule")] string Rule,
    [property: DataMember(Name = "mode")] string Mode,
    [property: DataMember(Name = "durationSeconds")] int DurationSeconds,
    [property: DataMember(Name = "itemId")] string? ItemId = null,
    [property: DataMember(Name = "revoteOf")] string? RevoteOf = null);

[DataContract]
public sealed record VoteRequest([property: DataMember(Name = "voteId")] string VoteId);

[DataContract]
public sealed record CancelVoteRequest(
    [property: DataMember(Name = "voteId")] string VoteId,
    [property: DataMember(Name = "reason")] string Reason);

[DataContract]
public sealed record ProxyVoteRequest(
    [property: DataMember(Name = "voteId")] string VoteId,
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "choice")] string Choice,
    [property: DataMember(Name = "reason")] string Reason);

[DataContract]
public sealed record ChairConflictRequest(
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "itemId")] string? ItemId,
    [property: DataMember(Name = "statement")] string? Statement);

[DataContract]
public sealed record GrantFloorRequest(
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "speechType")] string SpeechType,
    [property: DataMember(Name = "seconds")] int? Seconds = null);

[DataContract]
public sealed record RecessRequest(
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "reason")] string Reason);

[DataContract]
public sealed record IssueTerminalRequest(
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "seats")] int[]? Seats,
    [property: DataMember(Name = "label")] string? Label,
    [property: DataMember(Name = "hallId")] string? HallId = null);

[DataContract]
public sealed record IssuedTerminal(
    [property: DataMember(Name = "terminalId")] string TerminalId,
    [property: DataMember(Name = "key")] string Key,
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "seats")] int[] Seats);

[DataContract]
public sealed record TerminalRequest([property: DataMember(Name = "terminalId")] string TerminalId);

[DataContract]
public sealed record LoginRequest(
    [property: DataMember(Name = "login")] string Login,
    [property: DataMember(Name = "password")] string Password,
    // The second factor when the account has one: a TOTP code or a recovery code…
    [property: DataMember(Name = "code")] string? Code = null,
    // …or a passkey: the challenge of POST /api/auth/login/passkey-options and the browser's credential (toJSON()).
    [property: DataMember(Name = "passkeyChallengeId")] string? PasskeyChallengeId = null,
    [property: DataMember(Name = "passkey")] System.Text.Json.JsonElement? Passkey = null);

[DataContract]
public sealed record LoginReply(
    [property: DataMember(Name = "token")] string Token,
    [property: DataMember(Name = "role")] string Role,
    [property: DataMember(Name = "council")] string? Council = null,
    // Null for a full login; "enrol" or "change-password" for a limited token that must do that first.
    [property: DataMember(Name = "next")] string? Next = null);

/// <summary>
/// Server → chair (<c>PinAlert</c>): repeated wrong PINs held a deputy's PIN identification (<c>kind</c> "deputy") or a
/// terminal's PIN entry ("terminal") until <c>heldUntil</c>. Names the deputy tried last and the seat and terminal;
/// never a PIN. <c>liftedAt</c>/<c>liftedBy</c>: the secretary ended the hold early (<c>LiftPinHold</c>).
/// </summary>
[DataContract]
public sealed record PinAlert(
    [property: DataMember(Name = "id")] string Id,
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "deputyId")] string? DeputyId,
    [property: DataMember(Name = "deputyName")] string? DeputyName,
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "terminalId")] string TerminalId,
    [property: DataMember(Name = "terminalLabel")] string TerminalLabel,
    [property: DataMember(Name = "failures")] int Failures,
    [property: DataMember(Name = "at")] DateTimeOffset At,
    [property: DataMember(Name = "heldUntil")] DateTimeOffset HeldUntil,
    [property: DataMember(Name = "liftedAt")] DateTimeOffset? LiftedAt = null,
    [property: DataMember(Name = "liftedBy")] string? LiftedBy = null);

/// <summary>Chair → server <c>LiftPinHold</c>: end the hold a <see cref="PinAlert"/> reported, before its time.</summary>
[DataContract]
public sealed record PinAlertRequest([property: DataMember(Name = "alertId")] string AlertId);
