namespace Session.HallServer.Storage;

// The council registry and the hall's bookkeeping (EF Core, with migrations). Not the journal: nothing here is the
// record of a sitting; that is the journal alone. Published facts and secrets (PIN hashes, cards, keys) are kept in
// separate columns and tables so that nothing secret can leak through a published view.

/// <summary>A council: the tenant. Its id appears in every URL, group and key that belongs to it.</summary>
public sealed class CouncilEntity
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The legal total composition in deputy mandates, without the head (Electoral Code art. 197).</summary>
    public int Composition { get; set; }
    public string? Edrpou { get; set; }
    public string? Katottg { get; set; }
    /// <summary>Where the council's files are published; open-data links are absolute URLs under it.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>A convocation (скликання): nominal end while it runs (DOMAIN.md), the actual end once known.</summary>
public sealed class ConvocationEntity
{
    public required string CouncilId { get; set; }
    public int Number { get; set; }
    public DateOnly DateFrom { get; set; }
    public DateOnly DateUntil { get; set; }
    public DateOnly? ActualEnd { get; set; }
}

public sealed class FactionEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public required string Name { get; set; }
}

/// <summary>A deputy's mandate: published facts, plus the PIN's HMAC (a secret, never in a published view).</summary>
public sealed class DeputyEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public required string FullName { get; set; }
    public string? FactionId { get; set; }
    public bool IsHead { get; set; }
    /// <summary>HMAC-SHA256 of the PIN under the hall's secret key; never the PIN.</summary>
    public string? PinHash { get; set; }
    public int SortOrder { get; set; }
    /// <summary>Annex 30 (deputies' open data): 1 male, 2 female, 0 not stated.</summary>
    public int Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    public DateOnly MandateStart { get; set; }
    /// <summary>Early termination (resignation, court decision, death) keeps the history: the row stays.</summary>
    public DateOnly? MandateEnd { get; set; }
    public string? MandateEndReason { get; set; }

    public bool HoldsMandateOn(DateOnly day) => MandateStart <= day && (MandateEnd is null || MandateEnd >= day);
}

/// <summary>A card: one deputy per card, a deputy may hold a spare (DOMAIN.md). Revoking deletes the row.</summary>
public sealed class CardEntity
{
    /// <summary>The card UID, upper-case hex.</summary>
    public required string Uid { get; set; }
    public required string CouncilId { get; set; }
    public required string DeputyId { get; set; }
}

/// <summary>The plenary or a standing committee: its own composition, quorum and majority rules as data.</summary>
public sealed class BodyEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    /// <summary>"plenary" or "committee".</summary>
    public required string Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>"more-than-half" or "at-least-half" of the composition present.</summary>
    public string QuorumRule { get; set; } = BodyRules.MoreThanHalf;
    /// <summary>The vote rule code proposed for this body's votes.</summary>
    public string DefaultRule { get; set; } = "majority-of-composition";
}

public sealed class BodyMemberEntity
{
    public required string BodyId { get; set; }
    public required string DeputyId { get; set; }
    /// <summary>"chair", "deputy-chair", "secretary" or "member".</summary>
    public string Role { get; set; } = "member";
}

public static class BodyRules
{
    public const string Plenary = "plenary";
    public const string Committee = "committee";
    public const string MoreThanHalf = "more-than-half";
    public const string AtLeastHalf = "at-least-half";
    public static readonly string[] MemberRoles = ["chair", "deputy-chair", "secretary", "member"];
}

/// <summary>A room with a seat plan. Terminal keys and seat gateways belong to a hall.</summary>
public sealed class HallEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public required string Name { get; set; }
    public string Place { get; set; } = "";
}

public sealed class SeatEntity
{
    public required string HallId { get; set; }
    public required string CouncilId { get; set; }
    public int Number { get; set; }
    public required string Label { get; set; }
    /// <summary>Position on the seat map, percent of the plan's width and height.</summary>
    public double X { get; set; }
    public double Y { get; set; }
}

public sealed class SessionEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public int Number { get; set; }
    public int Convocation { get; set; }
    public required string Title { get; set; }
}

public static class SittingStatus
{
    public const string Planned = "planned";
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>A planned, open or closed sitting of a body in a hall. The journal is the record; this is the plan and an index.</summary>
public sealed class SittingEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public string? SessionId { get; set; }
    public required string BodyId { get; set; }
    public required string HallId { get; set; }
    public int Number { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly? Time { get; set; }
    public required string Place { get; set; }
    public string Status { get; set; } = SittingStatus.Planned;
    /// <summary>The hall's current sitting: terminals of the hall act on it.</summary>
    public bool IsCurrent { get; set; }
    /// <summary><c>hall</c>, <c>mixed</c> or <c>remote</c> (Session.Core.Council.SittingModes); fixed when the sitting opens.</summary>
    public string Mode { get; set; } = "hall";
}

/// <summary>An agenda item prepared before the sitting; entered into the journal, in order, when the sitting opens.</summary>
public sealed class AgendaDraftEntity
{
    public required string Id { get; set; }
    public required string SittingId { get; set; }
    public int Order { get; set; }
    public string? ProjectNumber { get; set; }
    public required string Title { get; set; }
    public string? Author { get; set; }
    public string? Text { get; set; }
}

/// <summary>A PDF attached to an agenda item; the bytes are in DATA_DIR/documents/{Id}.pdf.</summary>
public sealed class DocumentEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public required string ItemId { get; set; }
    public required string Name { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public sealed class TerminalEntity
{
    public required string Id { get; set; }
    public required string KeyHash { get; set; }
    public required string Kind { get; set; }
    public required string CouncilId { get; set; }
    public required string HallId { get; set; }
    public string Seats { get; set; } = "";
    public string Label { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A staff account of one council, or (CouncilId null) the host's admin, who may administer every council.</summary>
public sealed class AccountEntity
{
    public required string Login { get; set; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
    public string? CouncilId { get; set; }
    /// <summary>Disabled by the council's admin: no login, its tokens revoked (docs/security.md "Accounts").</summary>
    public bool Disabled { get; set; }
    /// <summary>Set by a reset: the next login may only change the password.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>
/// A second factor of an account. <see cref="Kind"/> is <c>totp</c> today; a passkey is another kind of the same row
/// (its credential id in <see cref="CredentialId"/>, its public key in <see cref="Secret"/>, its counter in
/// <see cref="LastStep"/>). Unconfirmed rows are enrolments under way.
/// </summary>
public sealed class SecondFactorEntity
{
    public required string Id { get; set; }
    public required string Login { get; set; }
    public required string Kind { get; set; }
    /// <summary>For TOTP the seed, protected by ASP.NET Core Data Protection (keys in DATA_DIR/protection-keys); never returned after enrolment.</summary>
    public required string Secret { get; set; }
    public string? CredentialId { get; set; }
    /// <summary>For TOTP the last accepted time step: a code is accepted only for a later step, so each works once.</summary>
    public long LastStep { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
}

/// <summary>
/// A deputy's enrolled device for remote sittings: a WebAuthn passkey (docs/security.md "Remote sittings"). The
/// public key and the signature counter, never a secret; revoked devices stay listed for the audit's sake.
/// </summary>
public sealed class DeputyDeviceEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public required string DeputyId { get; set; }
    /// <summary>The credential id, base64url; unique.</summary>
    public required string CredentialId { get; set; }
    public required byte[] PublicKey { get; set; }
    public long SignCount { get; set; }
    public string Label { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A one-time code the admin hands a deputy to enrol a device; stored as an HMAC, used once, expires.</summary>
public sealed class DeviceEnrolmentEntity
{
    public required string CodeHash { get; set; }
    public required string CouncilId { get; set; }
    public required string DeputyId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>
/// A WebAuthn ceremony under way: the options the server sent (with their challenge), deleted when answered, so each
/// challenge is answered once on any node of a cluster.
/// </summary>
public sealed class PasskeyChallengeEntity
{
    public required string Id { get; set; }
    public required string Purpose { get; set; }
    public required string OptionsJson { get; set; }
    /// <summary>What the ceremony is for: the enrolment code's hash, or the account.</summary>
    public string Subject { get; set; } = "";
    /// <summary>Unix milliseconds: compared in SQL, which SQLite cannot do with a DateTimeOffset stored as text.</summary>
    public long ExpiresAtUnixMs { get; set; }
}

/// <summary>A recovery code of an account, stored as an HMAC; usable once.</summary>
public sealed class RecoveryCodeEntity
{
    public required string Login { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A staff login: the token's HMAC, never the token; it ends at <see cref="ExpiresAt"/> or when unused for the idle timeout.</summary>
public sealed class TokenEntity
{
    public required string TokenHash { get; set; }
    public required string Login { get; set; }
    public required string Role { get; set; }
    public string? CouncilId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>Last use, written at most every few seconds (docs/security.md "Sessions").</summary>
    public DateTimeOffset LastUsedAt { get; set; }
    /// <summary><c>full</c>, or <c>limited</c>: only the second-factor enrolment and the password change accept it.</summary>
    public string Scope { get; set; } = TokenScopes.Full;
}

public static class TokenScopes
{
    public const string Full = "full";
    public const string Limited = "limited";
}

/// <summary>One registry change in a council's audit chain (who, when, from where, what).</summary>
public sealed class AuditEntity
{
    public required string CouncilId { get; set; }
    public long Seq { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public string Address { get; set; } = "";
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string Data { get; set; } = "{}";
    /// <summary>The browser's User-Agent, at most 200 characters; in the hashed line when not empty.</summary>
    public string UserAgent { get; set; } = "";
    public required string Hash { get; set; }
}
