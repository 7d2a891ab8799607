using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;

namespace Session.HallServer.Storage;

/// <summary>The registry's EF Core provider: SQLite (a file in the data dir) or PostgreSQL, each with its own migrations.</summary>
public static class RegistryProviders
{
    /// <param name="reopen">
    /// The running server's registry: the file is opened afresh after a storage fault (a file system mounted again in the
    /// same place; one <see cref="SqliteReopen"/> per process), and never created by an open — <see cref="CreateSqliteFile"/>
    /// makes it at start — so a data dir whose file system is missing gives SQLITE_CANTOPEN, a storage fault, not a new
    /// empty registry on the bare mount point.
    /// </param>
    public static DbContextOptionsBuilder UseSqliteRegistry(this DbContextOptionsBuilder o, string path, SqliteReopen? reopen = null)
    {
        var mode = reopen is null ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite;
        o.UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode }.ToString()).ReplaceService<IMigrationsAssembly, RegistryMigrations>();
        return reopen is null ? o : o.AddInterceptors(reopen);
    }

    /// <summary>At start, before the migrations: creates the SQLite registry's file when there is none (the first start).</summary>
    public static void CreateSqliteFile(DatabaseFacade database)
    {
        if (!database.IsSqlite()) return;
        var path = new SqliteConnectionStringBuilder(database.GetConnectionString()).DataSource;
        if (File.Exists(path)) return;
        using var create = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        create.Open();
    }

    public static DbContextOptionsBuilder UsePostgresRegistry(this DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString).AddInterceptors(PoolReset).ReplaceService<IMigrationsAssembly, RegistryMigrations>();

    private static readonly PostgresPoolReset PoolReset = new();

#pragma warning disable EF1001 // the options extension is how a service tells the provider before the context exists
    public static bool IsPostgres(IDbContextOptions options) => options.Extensions.OfType<NpgsqlOptionsExtension>().Any();
#pragma warning restore EF1001
}
