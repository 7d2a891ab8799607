using System.Runtime.Serialization;
using Session.Core.Council;

namespace Session.Core.Wire;

// What the hubs push and the REST API returns. Public views hold only what the law publishes:
// names, factions and roll calls of named votes; never card UIDs, PINs or the choices of a secret ballot.

[DataContract]
public sealed record TallyView(
    [property: DataMember(Name = "yes")] int Yes,
    [property: DataMember(Name = "no")] int No,
    [property: DataMember(Name = "abstain")] int Abstain,
    [property: DataMember(Name = "notVoting")] int NotVoting,
    [property: DataMember(Name = "absent")] int Absent,
    [property: DataMember(Name = "conflict")] int Conflict);

[DataContract]
public sealed record RollCallView(
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "name")] string Name,
    [property: DataMember(Name = "factionId")] string? FactionId,
    [property: DataMember(Name = "result")] string Result,
    [property: DataMember(Name = "resultUk")] string ResultUk,
    [property: DataMember(Name = "proxy")] bool Proxy,
    [property: DataMember(Name = "proxyReason")] string? ProxyReason,
    [property: DataMember(Name = "conflictDeclared")] bool ConflictDeclared,
    [property: DataMember(Name = "remote")] bool Remote = false);

[DataContract]
public sealed record VoteView(
    [property: DataMember(Name = "voteId")] string VoteId,
    [property: DataMember(Name = "number")] int Number,
    [property: DataMember(Name = "itemId")] string? ItemId,
    [property: DataMember(Name = "motion")] string Motion,
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "kindUk")] string KindUk,
    [property: DataMember(Name = "rule")] string Rule,
    [property: DataMember(Name = "ruleUk")] string RuleUk,
    [property: DataMember(Name = "ruleEn")] string RuleEn,
    [property: DataMember(Name = "mode")] string Mode,
    [property: DataMember(Name = "threshold")] int? Threshold,
    [property: DataMember(Name = "composition")] int Composition,
    [property: DataMember(Name = "registered")] int Registered,
    [property: DataMember(Name = "openedAt")] DateTimeOffset OpenedAt,
    [property: DataMember(Name = "closesAt")] DateTimeOffset ClosesAt,
    [property: DataMember(Name = "closedAt")] DateTimeOffset? ClosedAt,
    [property: DataMember(Name = "status")] string Status,
    [property: DataMember(Name = "revoteOf")] string? RevoteOf,
    [property: DataMember(Name = "tally")] TallyView Tally,
    [property: DataMember(Name = "passed")] bool? Passed,
    [property: DataMember(Name = "resultUk")] string? ResultUk,
    [property: DataMember(Name = "closedBy")] string? ClosedBy,
    [property: DataMember(Name = "cancelReason")] string? CancelReason,
    [property: DataMember(Name = "rollCall")] RollCallView[]? RollCall,
    [property: DataMember(Name = "test")] bool Test = false);

[DataContract]
public sealed record AgendaItemView(
    [property: DataMember(Name = "id")] string Id,
    [property: DataMember(Name = "number")] int Number,
    [property: DataMember(Name = "title")] string Title,
    [property: DataMember(Name = "draftText")] string? DraftText,
    [property: DataMember(Name = "projectNumber")] string? ProjectNumber,
    [property: DataMember(Name = "urgent")] bool Urgent,
    [property: DataMember(Name = "reason")] string? Reason);

[DataContract]
public sealed record DeputyView(
    [property: DataMember(Name = "id")] string Id,
    [property: DataMember(Name = "name")] string Name,
    [property: DataMember(Name = "factionId")] string? FactionId,
    [property: DataMember(Name = "isHead")] bool IsHead,
    [property: DataMember(Name = "registered")] bool Registered,
    [property: DataMember(Name = "seat")] int? Seat,
    [property: DataMember(Name = "remote")] bool Remote = false);

[DataContract]
public sealed record FactionView(
    [property: DataMember(Name = "id")] string Id,
    [property: DataMember(Name = "name")] string Name);

[DataContract]
public sealed record SpeakerView(
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "name")] string Name,
    [property: DataMember(Name = "speechType")] string SpeechType,
    [property: DataMember(Name = "speechTypeUk")] string SpeechTypeUk,
    [property: DataMember(Name = "seconds")] int Seconds,
    [property: DataMember(Name = "until")] DateTimeOffset Until);

[DataContract]
public sealed record FloorRequestView(
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "name")] string Name,
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "at")] DateTimeOffset At);

[DataContract]
public sealed record ConflictView(
    [property: DataMember(Name = "deputyId")] string DeputyId,
    [property: DataMember(Name = "name")] string Name,
    [property: DataMember(Name = "itemId")] string? ItemId,
    [property: DataMember(Name = "statement")] string Statement,
    [property: DataMember(Name = "mayVote")] bool MayVote);

[DataContract]
public sealed record RecessView(
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "reason")] string Reason,
    [property: DataMember(Name = "since")] DateTimeOffset Since);

/// <summary>The whole public state of a sitting; pushed as <c>Sitting</c> on every structural change.</summary>
[DataContract]
public sealed record SittingView(
    [property: DataMember(Name = "sittingId")] string SittingId,
    [property: DataMember(Name = "bodyName")] string BodyName,
    [property: DataMember(Name = "convocation")] int Convocation,
    [property: DataMember(Name = "sessionNumber")] int SessionNumber,
    [property: DataMember(Name = "sessionTitle")] string SessionTitle,
    [property: DataMember(Name = "sittingNumber")] int SittingNumber,
    [property: DataMember(Name = "date")] string Date,
    [property: DataMember(Name = "place")] string Place,
    [property: DataMember(Name = "status")] string Status,
    [property: DataMember(Name = "recess")] RecessView? Recess,
    [property: DataMember(Name = "registrationOpen")] bool RegistrationOpen,
    [property: DataMember(Name = "registered")] int Registered,
    [property: DataMember(Name = "composition")] int Composition,
    [property: DataMember(Name = "quorumNeeded")] int QuorumNeeded,
    [property: DataMember(Name = "hasQuorum")] bool HasQuorum,
    [property: DataMember(Name = "headPresent")] bool HeadPresent,
    [property: DataMember(Name = "agenda")] AgendaItemView[] Agenda,
    [property: DataMember(Name = "currentItemId")] string? CurrentItemId,
    [property: DataMember(Name = "vote")] VoteView? Vote,
    [property: DataMember(Name = "votes")] VoteView[] Votes,
    [property: DataMember(Name = "speaker")] SpeakerView? Speaker,
    [property: DataMember(Name = "floorQueue")] FloorRequestView[] FloorQueue,
    [property: DataMember(Name = "conflicts")] ConflictView[] Conflicts,
    [property: DataMember(Name = "factions")] FactionView[] Factions,
    [property: DataMember(Name = "deputies")] DeputyView[] Deputies,
    [property: DataMember(Name = "journalSeq")] long JournalSeq,
    [property: DataMember(Name = "journalHash")] string JournalHash,
    [property: DataMember(Name = "mode")] string Mode = SittingModes.Hall);

/// <summary>Pushed as <c>Tally</c> while a vote is open: small, coalesced, for the hall screen, the public page and the video overlay.</summary>
[DataContract]
public sealed record TallyUpdate(
    [property: DataMember(Name = "sittingId")] string SittingId,
    [property: DataMember(Name = "voteId")] string VoteId,
    [property: DataMember(Name = "tally")] TallyView Tally,
    [property: DataMember(Name = "journalSeq")] long JournalSeq);

/// <summary>Pushed as <c>Seat</c> to the terminals serving a seat, and listed for the chair's seat map.</summary>
[DataContract]
public sealed record SeatView(
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "label")] string Label,
    [property: DataMember(Name = "deputyId")] string? DeputyId,
    [property: DataMember(Name = "deputyName")] string? DeputyName,
    [property: DataMember(Name = "factionId")] string? FactionId,
    [property: DataMember(Name = "registered")] bool Registered,
    [property: DataMember(Name = "online")] bool Online,
    [property: DataMember(Name = "conflict")] bool Conflict,
    [property: DataMember(Name = "choice")] string? Choice,
    [property: DataMember(Name = "proxy")] bool Proxy,
    [property: DataMember(Name = "floorQueued")] bool FloorQueued,
    [property: DataMember(Name = "speaking")] bool Speaking,
    [property: DataMember(Name = "voteOpen")] bool VoteOpen,
    [property: DataMember(Name = "lamps")] int Lamps,
    [property: DataMember(Name = "remote")] bool Remote = false);
