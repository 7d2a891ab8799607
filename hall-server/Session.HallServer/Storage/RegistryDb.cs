using Microsoft.EntityFrameworkCore;

namespace Session.HallServer.Storage;

public sealed class RegistryDb(DbContextOptions<RegistryDb> options) : DbContext(options)
{
    public DbSet<CouncilEntity> Councils => Set<CouncilEntity>();
    public DbSet<ConvocationEntity> Convocations => Set<ConvocationEntity>();
    public DbSet<FactionEntity> Factions => Set<FactionEntity>();
    public DbSet<DeputyEntity> Deputies => Set<DeputyEntity>();
    public DbSet<CardEntity> Cards => Set<CardEntity>();
    public DbSet<BodyEntity> Bodies => Set<BodyEntity>();
    public DbSet<BodyMemberEntity> BodyMembers => Set<BodyMemberEntity>();
    public DbSet<HallEntity> Halls => Set<HallEntity>();
    public DbSet<SeatEntity> Seats => Set<SeatEntity>();
    public DbSet<SessionEntity> Sessions => Set<SessionEntity>();
    public DbSet<SittingEntity> Sittings => Set<SittingEntity>();
    public DbSet<AgendaDraftEntity> AgendaDrafts => Set<AgendaDraftEntity>();
    public DbSet<DocumentEntity> Documents => Set<DocumentEntity>();
    public DbSet<TerminalEntity> Terminals => Set<TerminalEntity>();
    public DbSet<AccountEntity> Accounts => Set<AccountEntity>();
    public DbSet<TokenEntity> Tokens => Set<TokenEntity>();
    public DbSet<AuditEntity> Audit => Set<AuditEntity>();
    public DbSet<SecondFactorEntity> SecondFactors => Set<SecondFactorEntity>();
    public DbSet<RecoveryCodeEntity> RecoveryCodes => Set<RecoveryCodeEntity>();
    public DbSet<DeputyDeviceEntity> DeputyDevices => Set<DeputyDeviceEntity>();
    public DbSet<DeviceEnrolmentEntity> DeviceEnrolments => Set<DeviceEnrolmentEntity>();
    public DbSet<PasskeyChallengeEntity> PasskeyChallenges => Set<PasskeyChallengeEntity>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<CouncilEntity>().HasKey(x => x.Id);
        b.Entity<ConvocationEntity>().HasKey(x => new { x.CouncilId, x.Number });
        b.Entity<FactionEntity>().HasKey(x => x.Id);
        b.Entity<DeputyEntity>().HasKey(x => x.Id);
        b.Entity<DeputyEntity>().HasIndex(x => new { x.CouncilId, x.PinHash }).IsUnique();
        b.Entity<CardEntity>().HasKey(x => x.Uid);
        b.Entity<BodyEntity>().HasKey(x => x.Id);
        b.Entity<BodyMemberEntity>().HasKey(x => new { x.BodyId, x.DeputyId });
        b.Entity<HallEntity>().HasKey(x => x.Id);
        b.Entity<SeatEntity>().HasKey(x => new { x.HallId, x.Number });
        b.Entity<SessionEntity>().HasKey(x => x.Id);
        b.Entity<SittingEntity>().HasKey(x => x.Id);
        b.Entity<SittingEntity>().HasIndex(x => new { x.HallId, x.Status });
        b.Entity<AgendaDraftEntity>().HasKey(x => x.Id);
        b.Entity<AgendaDraftEntity>().HasIndex(x => x.SittingId);
        b.Entity<DocumentEntity>().HasKey(x => x.Id);
        b.Entity<TerminalEntity>().HasKey(x => x.Id);
        b.Entity<TerminalEntity>().HasIndex(x => x.KeyHash).IsUnique();
        b.Entity<AccountEntity>().HasKey(x => x.Login);
        b.Entity<TokenEntity>().HasKey(x => x.TokenHash);
        b.Entity<TokenEntity>().HasIndex(x => x.Login);
        b.Entity<AuditEntity>().HasKey(x => new { x.CouncilId, x.Seq });
        b.Entity<SecondFactorEntity>().HasKey(x => x.Id);
        b.Entity<SecondFactorEntity>().HasIndex(x => x.Login);
        b.Entity<RecoveryCodeEntity>().HasKey(x => new { x.Login, x.CodeHash });
        b.Entity<DeputyDeviceEntity>().HasKey(x => x.Id);
        b.Entity<DeputyDeviceEntity>().HasIndex(x => x.CredentialId).IsUnique();
        b.Entity<DeputyDeviceEntity>().HasIndex(x => new { x.CouncilId, x.DeputyId });
        b.Entity<DeviceEnrolmentEntity>().HasKey(x => x.CodeHash);
        b.Entity<PasskeyChallengeEntity>().HasKey(x => x.Id);

        // SQLite compares and sorts text by its bytes (BINARY); PostgreSQL by the database's locale unless told.
        // "C" on every text column: the same order of names and ids, the same equality, whatever locale initdb chose.
        if (Database.IsNpgsql())
            foreach (var p in b.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.ClrType == typeof(string)))
                p.SetCollation("C");
    }
}
