using Microsoft.Data.Sqlite;
using Npgsql;

namespace Session.HallServer.Storage;

/// <summary>
/// Tells a failing disk (full, turned read-only, I/O errors) from a bug, so that a command or a change is refused with
/// <c>storage-failed</c> — never acknowledged — and the server keeps serving and retries when the disk is back.
/// On PostgreSQL the same holds for a database that is stopped, unreachable or out of space: the next command tries again.
/// </summary>
public static class StorageFault
{
    public const string Code = "storage-failed";

    // SQLite primary result codes: SQLITE_READONLY 8, SQLITE_IOERR 10, SQLITE_CORRUPT is not one (a bad file stops the start), SQLITE_FULL 13, SQLITE_CANTOPEN 14.
    private static readonly int[] SqliteStorageCodes = [8, 10, 13, 14];

    // PostgreSQL SQLSTATE classes: 08 connection exception, 53 insufficient resources (disk full), 57P operator
    // intervention (shut down, starting up), 58 system error (I/O), 28 the login refused (a password changed under us).
    private static readonly string[] PostgresStorageClasses = ["08", "53", "57P", "58", "28"];

    public static bool Is(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SqliteException s && SqliteStorageCodes.Contains(s.SqliteErrorCode)) return true;
            if (ex is IOException or StorageUnavailableException) return true;
            if (ex is PostgresException p) return PostgresStorageClasses.Any(c => p.SqlState.StartsWith(c, StringComparison.Ordinal));
            // Not a server's answer: the connection failed, broke or timed out.
            if (ex is NpgsqlException) return true;
            if (ex is AggregateException a && a.InnerExceptions.Any(Is)) return true;
        }
        return false;
    }
}
