namespace Session.HallServer.Registry;

// The registry's wire shapes (docs/registry-api.md). Published facts only, except where the admin asks.

public sealed record CouncilDto(string Id, string Name, string? Edrpou, string? Katottg, int Composition, string? PublicBaseUrl);

public sealed record ConvocationDto(int Number, DateOnly DateFrom, DateOnly DateUntil, DateOnly? ActualEnd);

public sealed record FactionDto(string? Id, string Name);

public sealed record DeputyDto(
    string? Id,
    string FullName,
    string? FactionId,
    bool IsHead,
    int Gender,
    DateOnly? BirthDate,
    DateOnly MandateStart,
    DateOnly? MandateEnd,
    string? MandateEndReason,
    bool HasPin = false,
    string[]? Cards = null);

public sealed record EndMandateRequest(DateOnly Date, string Reason);

public sealed record PinRequest(string? Pin);

public sealed record PinIssued(string Pin);

public sealed record CardDto(string Uid, string DeputyId);

public sealed record MemberDto(string DeputyId, string Role);

public sealed record BodyDto(string? Id, string Kind, string Name, int Composition, string QuorumRule, string DefaultRule, MemberDto[]? Members);

public sealed record MembersRequest(MemberDto[] Members);

public sealed record SeatDto(int Number, string? Label, double X, double Y);

public sealed record HallDto(string? Id, string Name, string? Place, SeatDto[]? Seats);

public sealed record SessionDto(string? Id, int Number, string Title, int Convocation);

public sealed record DocumentDto(string Id, string Name, long Size, string Sha256, string Url);

public sealed record AgendaItemDto(string? Id, int Order, string? ProjectNumber, string Title, string? Author, string? Text, DocumentDto[]? Documents);

public sealed record OrderRequest(string[] Order);

public sealed record SittingDto(
    string? Id,
    string? SessionId,
    string BodyId,
    string HallId,
    int Number,
    DateOnly Date,
    string? Time,
    string? Place,
    string? Status,
    AgendaItemDto[]? Agenda,
    string? OpenDataUrl,
    /// <summary><c>hall</c> (the default), <c>mixed</c> or <c>remote</c>: whether deputies may take part remotely.</summary>
    string? Mode = null);

public sealed record AccountDto(string Login, string Role, string? Council, bool Disabled = false, bool SecondFactor = false, bool MustChangePassword = false);

public sealed record NewAccount(string Login, string Password, string Role);

/// <summary>The council's audit chain recomputed: <c>holds</c>, the records in it, the last hash, the first bad record.</summary>
public sealed record AuditVerifyDto(bool Holds, long Records, string LastHash, long? BrokenAt);

public sealed record AuditDto(long Seq, DateTimeOffset At, string Actor, string Address, string Action, string Subject, string Hash, string UserAgent = "", string Data = "{}");

public sealed record SetupStatus(bool Needed);

public sealed record SetupRequest(string Token, string Login, string Password);

public sealed record HallTerminalRequest(string Kind, int[]? Seats, string? Label);

public sealed record TerminalDto(string TerminalId, string Kind, int[] Seats, string Label, string HallId);
