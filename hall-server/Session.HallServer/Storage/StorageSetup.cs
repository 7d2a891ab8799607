using Microsoft.EntityFrameworkCore;
using Session.HallServer.Hosting;

namespace Session.HallServer.Storage;

/// <summary>
/// The one seam where the storage is chosen (<c>Hall:Storage</c>): <c>sqlite</c> (the default: journal.db and
/// registry.db in the data dir) or <c>postgres</c> (the journal, the registry and its audit chains in one PostgreSQL
/// database, from <c>ConnectionStrings:Session</c> or <c>Hall:Postgres:ConnectionString</c>). Checked before anything
/// starts: an unknown value or a database that cannot be reached or logged into stops the start (docs/deploy.md).
/// </summary>
public static class StorageSetup
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>
    /// Left in a data dir whose journal and registry are in PostgreSQL: the <c>backup</c> tool reads it and says to use
    /// pg_dump instead of copying a folder without the record. Holds the connection string without its password.
    /// </summary>
    public const string PostgresMarker = "storage-postgres.txt";

    /// <summary>The provider named by <c>Hall:Storage</c>, or <see cref="StorageRefused"/>.</summary>
    public static string Provider(HallOptions hall)
    {
        var value = (hall.Storage ?? "").Trim();
        if (value.Length == 0 || value.Equals(Sqlite, StringComparison.OrdinalIgnoreCase)) return Sqlite;
        if (value.Equals(Postgres, StringComparison.OrdinalIgnoreCase)) return Postgres;
        var shown = value.Length > 40 ? value[..40] + "…" : value;
        throw new StorageRefused(
            $"невідоме значення Hall:Storage «{shown}»: має бути sqlite (типово, файли в теці даних) або postgres",
            $"unknown Hall:Storage «{shown}»: it must be sqlite (the default, files in the data dir) or postgres");
    }

    /// <summary>The PostgreSQL connection string: <c>ConnectionStrings:Session</c>, else <c>Hall:Postgres:ConnectionString</c>.</summary>
    public static string PostgresConnectionString(HallOptions hall, IConfiguration configuration)
    {
        var cs = configuration.GetConnectionString("Session");
        if (string.IsNullOrWhiteSpace(cs)) cs = hall.Postgres.ConnectionString;
        if (string.IsNullOrWhiteSpace(cs))
            throw new StorageRefused(
                "Hall:Storage=postgres, але рядок підключення не задано: ConnectionStrings:Session (змінна середовища ConnectionStrings__Session) або Hall:Postgres:ConnectionString",
                "Hall:Storage=postgres, but no connection string is given: ConnectionStrings:Session (environment variable ConnectionStrings__Session) or Hall:Postgres:ConnectionString");
        return cs;
    }

    /// <summary>Registers the journal and the registry of the chosen provider; returns a line for the log (no password).</summary>
    public static string AddStorage(this IServiceCollection s, HallOptions hall, IConfiguration configuration)
    {
        if (Provider(hall) == Sqlite)
        {
            s.AddSingleton<IJournalStore>(_ => new SqliteJournalStore(hall.JournalPath));
            var reopen = new SqliteReopen();
            // The compiled model (Storage/CompiledModel, `dotnet ef dbcontext optimize`): building the model from
            // OnModelCreating took ~1.3 s of a restart (issue 12). SQLite's only: PostgreSQL's model differs (collation "C").
            s.AddDbContextFactory<RegistryDb>(o => o.UseSqliteRegistry(hall.RegistryPath, reopen).UseModel(CompiledModel.RegistryDbModel.Instance));
            return $"SQLite: {hall.JournalPath}, {hall.RegistryPath}";
        }
        var cs = PostgresConnectionString(hall, configuration);
        var version = PostgresConnection.Check(cs);
        s.AddSingleton<IJournalStore>(_ => new PostgresJournalStore(cs));
        s.AddDbContextFactory<RegistryDb>(o => o.UsePostgresRegistry(cs));
        var where = PostgresConnection.WithoutPassword(cs);
        File.WriteAllText(Path.Combine(hall.DataDir, PostgresMarker),
            $"Журнал і реєстр — у PostgreSQL / the journal and the registry are in PostgreSQL: {where}\n" +
            "Копії: pg_dump (docs/deploy.md) / backups: pg_dump (docs/deploy.md)\n");
        return $"PostgreSQL {version}: {where}";
    }
}

/// <summary>The storage in use, for the start-up log: the provider and where (never a password).</summary>
public sealed record StorageDescription(string Provider, string Where);
