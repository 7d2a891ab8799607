using Npgsql;
using NpgsqlTypes;
using Session.Core.Journal;

namespace Session.HallServer.Storage;

/// <summary>
/// The journal in PostgreSQL (the regional host's provider): the same table and key as SQLite, shared by every node.
/// A batch is one <c>INSERT … SELECT FROM unnest(…)</c>: one statement, so one implicit transaction and one round trip;
/// with PostgreSQL's default <c>synchronous_commit=on</c> it is on the server's disk when this returns.
/// </summary>
public sealed class PostgresJournalStore : IJournalStore
{
    private readonly NpgsqlDataSource _source;

    public PostgresJournalStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        Describe = PostgresConnection.WithoutPassword(connectionString);
        try
        {
            // COLLATE "C": sitting ids compare and sort by their bytes, as in SQLite.
            Execute("""
                CREATE TABLE IF NOT EXISTS journal (
                    sitting_id text COLLATE "C" NOT NULL,
                    seq bigint NOT NULL,
                    canonical text NOT NULL,
                    hash text NOT NULL,
                    PRIMARY KEY (sitting_id, seq)
                );
                """);
        }
        // Two nodes starting at once may both try to create it: the other one did.
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable) { }
    }

    public string Describe { get; }

    public void Append(string sittingId, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return;
        // Sent again at most once, on a fresh connection, when the pooled one had died with a restarted server. Safe:
        // had the first try committed after all, the primary key refuses the second (a JournalConflictException, as for
        // a second writer), and nothing is acknowledged twice.
        OnLiveConnection(() => AppendOnce(sittingId, entries));
    }

    private void AppendOnce(string sittingId, IReadOnlyList<JournalEntry> entries)
    {
        using var cmd = _source.CreateCommand("""
            INSERT INTO journal (sitting_id, seq, canonical, hash)
            SELECT $1, t.seq, t.canonical, t.hash FROM unnest($2::bigint[], $3::text[], $4::text[]) AS t(seq, canonical, hash);
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sittingId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = entries.Select(e => e.Seq).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = entries.Select(e => e.Canonical).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = entries.Select(e => e.Hash).ToArray() });
        try
        {
            cmd.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new JournalConflictException(sittingId, entries[0].Seq, ex);
        }
    }

    public List<JournalEntry> Read(string sittingId) => OnLiveConnection(() => ReadOnce(sittingId));

    /// <summary>
    /// Runs a statement; when its connection is found dead (PostgreSQL restarted or went away, which kills every pooled
    /// connection at once), drops the pool's idle connections and tries once more. While PostgreSQL is down the second
    /// try fails too and the caller refuses <c>storage-failed</c>; once it is back the first command is accepted, not
    /// refused for each broken connection still in the pool.
    /// </summary>
    private T OnLiveConnection<T>(Func<T> statement)
    {
        try { return statement(); }
        catch (NpgsqlException ex) when (ConnectionLost(ex))
        {
            _source.Clear();
            return statement();
        }
    }

    private void OnLiveConnection(Action statement) => OnLiveConnection(() => { statement(); return true; });

    // Not an answer of a live server about the statement: the connection broke, or the server is shutting down or
    // starting up (SQLSTATE 57P01–57P03) or the connection failed (class 08).
    private static bool ConnectionLost(NpgsqlException ex) =>
        ex is not PostgresException p || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal);

    private List<JournalEntry> ReadOnce(string sittingId)
    {
        using var cmd = _source.CreateCommand("SELECT seq, canonical, hash FROM journal WHERE sitting_id = $1 ORDER BY seq;");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sittingId, NpgsqlDbType = NpgsqlDbType.Text });
        using var reader = cmd.ExecuteReader();
        return JournalRows.Check(sittingId, Rows(reader));
    }

    private static IEnumerable<(long, string, string)> Rows(NpgsqlDataReader reader)
    {
        while (reader.Read()) yield return (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
    }

    public List<string> SittingIds()
    {
        using var cmd = _source.CreateCommand("SELECT DISTINCT sitting_id FROM journal;");
        using var reader = cmd.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private void Execute(string sql)
    {
        using var cmd = _source.CreateCommand(sql);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _source.Dispose();
}
