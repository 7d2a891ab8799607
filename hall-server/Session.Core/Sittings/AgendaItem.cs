namespace Session.Core.Sittings;

public sealed record AgendaItem(string Id, string Title, string? DraftText, string? ProjectNumber, bool Urgent, string? Reason, string? Author = null, IReadOnlyList<AgendaDocument>? Documents = null);

/// <summary>A document attached to an agenda item in the registry, journaled by name, hash and where it is published.</summary>
public sealed record AgendaDocument(string Name, string Sha256, string Url);

public sealed record Speaker(string DeputyId, Journal.SpeechType SpeechType, int Seconds, DateTimeOffset Until);

public sealed record FloorRequest(string DeputyId, int Seat, DateTimeOffset At);

public sealed record Recess(string Kind, string Reason, DateTimeOffset Since);

/// <summary>One deputy's choice in a named vote; <see cref="Proxy"/> marks the secretary's entry, with its reason.</summary>
public sealed record Ballot(Voting.Choice Choice, int? Seat, DateTimeOffset At, bool Proxy, string? ProxyReason);
