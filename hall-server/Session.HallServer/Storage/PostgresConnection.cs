using Npgsql;

namespace Session.HallServer.Storage;

/// <summary>A PostgreSQL connection string as the logs and errors may show it, and the start-up check that it works.</summary>
public static class PostgresConnection
{
    /// <summary>The connection string with its password removed (never logged, never printed).</summary>
    public static string WithoutPassword(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
            if (b.Passfile is not null) b.Passfile = "…";
            return b.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }

    /// <summary>
    /// Opens one connection and asks the server its version; throws <see cref="StorageRefused"/> with what went wrong
    /// (unreachable, refused login, no such database) in Ukrainian and English, never with the password.
    /// </summary>
    public static string Check(string connectionString)
    {
        var shown = WithoutPassword(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException ex)
        {
            throw new StorageRefused(
                $"рядок підключення до PostgreSQL не розібрано ({ex.Message})",
                $"the PostgreSQL connection string cannot be read ({ex.Message})");
        }
        if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
            throw new StorageRefused(
                $"у рядку підключення до PostgreSQL бракує Host або Database: {shown}",
                $"the PostgreSQL connection string lacks Host or Database: {shown}");
        try
        {
            using var conn = new NpgsqlConnection(connectionString);
            conn.Open();
            using var cmd = new NpgsqlCommand("SHOW server_version;", conn);
            return (string)cmd.ExecuteScalar()!;
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("28", StringComparison.Ordinal))
        {
            throw new StorageRefused(
                $"PostgreSQL не впустив користувача {builder.Username} (неправильний пароль або немає доступу, {ex.SqlState}): {shown}",
                $"PostgreSQL refused the login of user {builder.Username} (wrong password or no access, {ex.SqlState}): {shown}");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new StorageRefused(
                $"бази даних {builder.Database} немає на сервері PostgreSQL (створіть її: createdb -O {builder.Username} {builder.Database}): {shown}",
                $"there is no database {builder.Database} on the PostgreSQL server (create it: createdb -O {builder.Username} {builder.Database}): {shown}");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StorageRefused(
                $"PostgreSQL недоступний ({ex.Message}): {shown}",
                $"PostgreSQL is unreachable ({ex.Message}): {shown}");
        }
    }
}
