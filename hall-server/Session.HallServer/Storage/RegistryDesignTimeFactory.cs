using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Session.HallServer.Storage;

/// <summary>
/// For <c>dotnet ef migrations add</c> only: the registry without starting the hall. SQLite by default; with
/// <c>-- postgres</c> after the ef arguments, PostgreSQL (no server needed to add a migration). docs/deploy.md.
/// </summary>
public sealed class RegistryDesignTimeFactory : IDesignTimeDbContextFactory<RegistryDb>
{
    public RegistryDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<RegistryDb>();
        if (args.Contains(StorageSetup.Postgres)) options.UsePostgresRegistry("Host=localhost;Database=design_time");
        else options.UseSqliteRegistry("design-time.db");
        return new RegistryDb(options.Options);
    }
}
