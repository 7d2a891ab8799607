using Microsoft.EntityFrameworkCore;

namespace Session.HallServer.Storage;

// The council registry and the hall's bookkeeping (EF Core, SQLite, with migrations). Not the journal:
// nothing here is the record of a sitting; that is the journal alone.

public sealed class CouncilEntity
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string Kind { get; set; } = "council";
    public int Composition { get; set; }
    public string? Edrpou { get; set; }
    public string? Katottg { get; set; }
    public int Convocation { get; set; }
    public string? ParentId { get; set; }
    public DateOnly? ConvocationFrom { get; set; }
    public DateOnly? ConvocationUntil { get; set; }
}

public sealed class FactionEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public required string Name { get; set; }
}

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
}

public sealed class CardEntity
{
    /// <summary>The card UID, upper-case hex.</summary>
    public required string Uid { get; set; }
    public required string DeputyId { get; set; }
}

public sealed class SeatEntity
{
    public required string CouncilId { get; set; }
    public int Number { get; set; }
    public required string Label { get; set; }
}

public sealed class SessionEntity
{
    public required string Id { get; set; }
    public required string CouncilId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
}

public sealed class SittingEntity
{
    public required string Id { get; set; }
    public required string SessionId { get; set; }
    public int Number { get; set; }
    public DateOnly Date { get; set; }
    public required string Place { get; set; }
    /// <summary>"open" or "closed"; the journal is the record, this is an index.</summary>
    public string Status { get; set; } = "open";
    public bool IsCurrent { get; set; }
}

public sealed class TerminalEntity
{
    public required string Id { get; set; }
    public required string KeyHash { get; set; }
    public required string Kind { get; set; }
    public string Seats { get; set; } = "";
    public string Label { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class AccountEntity
{
    public required string Login { get; set; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
}

public sealed class TokenEntity
{
    public required string TokenHash { get; set; }
    public required string Login { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class RegistryDb(DbContextOptions<RegistryDb> options) : DbContext(options)
{
    public DbSet<CouncilEntity> Councils => Set<CouncilEntity>();
    public DbSet<FactionEntity> Factions => Set<FactionEntity>();
    public DbSet<DeputyEntity> Deputies => Set<DeputyEntity>();
    public DbSet<CardEntity> Cards => Set<CardEntity>();
    public DbSet<SeatEntity> Seats => Set<SeatEntity>();
    public DbSet<SessionEntity> Sessions => Set<SessionEntity>();
    public DbSet<SittingEntity> Sittings => Set<SittingEntity>();
    public DbSet<TerminalEntity> Terminals => Set<TerminalEntity>();
    public DbSet<AccountEntity> Accounts => Set<AccountEntity>();
    public DbSet<TokenEntity> Tokens => Set<TokenEntity>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<CouncilEntity>().HasKey(x => x.Id);
        b.Entity<FactionEntity>().HasKey(x => x.Id);
        b.Entity<DeputyEntity>().HasKey(x => x.Id);
        b.Entity<DeputyEntity>().HasIndex(x => x.PinHash).IsUnique();
        b.Entity<CardEntity>().HasKey(x => x.Uid);
        b.Entity<SeatEntity>().HasKey(x => new { x.CouncilId, x.Number });
        b.Entity<SessionEntity>().HasKey(x => x.Id);
        b.Entity<SittingEntity>().HasKey(x => x.Id);
        b.Entity<TerminalEntity>().HasKey(x => x.Id);
        b.Entity<TerminalEntity>().HasIndex(x => x.KeyHash).IsUnique();
        b.Entity<AccountEntity>().HasKey(x => x.Login);
        b.Entity<TokenEntity>().HasKey(x => x.TokenHash);
    }
}
