using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;

namespace Session.HallServer.Storage;

/// <summary>The registry's EF Core provider: SQLite (a file in the data dir) or PostgreSQL, each with its own migrations.</summary>
public static class RegistryProviders
{
    public static DbContextOptionsBuilder UseSqliteRegistry(this DbContextOptionsBuilder o, string path) =>
        o.UseSqlite($"Data Source={path}").ReplaceService<IMigrationsAssembly, RegistryMigrations>();

    public static DbContextOptionsBuilder UsePostgresRegistry(this DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString).ReplaceService<IMigrationsAssembly, RegistryMigrations>();

#pragma warning disable EF1001 // the options extension is how a service tells the provider before the context exists
    public static bool IsPostgres(IDbContextOptions options) => options.Extensions.OfType<NpgsqlOptionsExtension>().Any();
#pragma warning restore EF1001
}
