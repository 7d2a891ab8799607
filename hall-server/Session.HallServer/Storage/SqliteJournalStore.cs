using Microsoft.Data.Sqlite;
using Session.Core.Journal;

namespace Session.HallServer.Storage;

/// <summary>
/// The append-only journal of every sitting in one SQLite file (the hall appliance's provider). The append is the commit point:
/// WAL with <c>synchronous=FULL</c>, so a batch is on disk when <see cref="Append"/> returns, before any ack
/// or broadcast. Plain commands on this hot path: EF Core's per-SaveChanges cost (~4 ms here) is not needed.
/// </summary>
public sealed class SqliteJournalStore : IJournalStore
{
    private SqliteConnection _write;
    private bool _writeFailed;
    private readonly string _connectionString;
    private readonly Lock _gate = new();

    public SqliteJournalStore(string path)
    {
        // Created here, at start, and never again: a later open must not make a new empty journal where the file
        // system is missing (unmounted to be checked and mounted again, the data dir its bare mount point): it fails
        // SQLITE_CANTOPEN, a storage fault, and the command is refused storage-failed.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString();
        _write = OpenWriter(new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        Execute(_write, """
            CREATE TABLE IF NOT EXISTS journal (
                sitting_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                canonical TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (sitting_id, seq)
            ) WITHOUT ROWID;
            """);
        // Quick integrity check: a damaged file must stop the server, not be read around.
        using var check = _write.CreateCommand();
        check.CommandText = "PRAGMA quick_check;";
        var result = check.ExecuteScalar() as string;
        if (result != "ok") throw new JournalCorruptException(0, $"journal database {path} fails its integrity check: {result}");
    }

    private SqliteConnection OpenWriter() => OpenWriter(_connectionString);

    private static SqliteConnection OpenWriter(string connectionString)
    {
        var conn = new SqliteConnection(connectionString);
        try
        {
            conn.Open();
            Execute(conn, "PRAGMA journal_mode=WAL;");
            Execute(conn, "PRAGMA synchronous=FULL;");
            return conn;
        }
        catch
        {
            conn.Dispose();
            throw;
        }
    }

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public string Describe => Path;

    /// <summary>
    /// Appends a batch in one transaction; durable when this returns. A failed append (disk full, read-only, I/O error)
    /// throws and is rolled back; the next append opens the file afresh, so a disk that comes back (space freed, the
    /// file system mounted again) is written without a restart.
    /// </summary>
    public void Append(string sittingId, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return;
        lock (_gate)
        {
            if (_writeFailed)
            {
                _write.Dispose();
                _write = OpenWriter();
                _writeFailed = false;
            }
            try
            {
                AppendLocked(sittingId, entries);
            }
            // SQLITE_CONSTRAINT_PRIMARYKEY: the fence (IJournalStore); the transaction rolled back, nothing was written.
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == 1555)
            {
                _writeFailed = true;
                throw new JournalConflictException(sittingId, entries[0].Seq, ex);
            }
            catch
            {
                _writeFailed = true;
                throw;
            }
        }
    }

    private void AppendLocked(string sittingId, IReadOnlyList<JournalEntry> entries)
    {
        using var tx = _write.BeginTransaction();
        using var cmd = _write.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO journal (sitting_id, seq, canonical, hash) VALUES ($s, $q, $c, $h);";
        var s = cmd.Parameters.Add("$s", SqliteType.Text);
        var q = cmd.Parameters.Add("$q", SqliteType.Integer);
        var c = cmd.Parameters.Add("$c", SqliteType.Text);
        var h = cmd.Parameters.Add("$h", SqliteType.Text);
        cmd.Prepare();
        foreach (var e in entries)
        {
            s.Value = sittingId;
            q.Value = e.Seq;
            c.Value = e.Canonical;
            h.Value = e.Hash;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public List<JournalEntry> Read(string sittingId)
    {
        using var conn = new SqliteConnection(_connectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT seq, canonical, hash FROM journal WHERE sitting_id = $s ORDER BY seq;";
        cmd.Parameters.AddWithValue("$s", sittingId);
        using var reader = cmd.ExecuteReader();
        return JournalRows.Check(sittingId, Rows(reader));
    }

    private static IEnumerable<(long, string, string)> Rows(SqliteDataReader reader)
    {
        while (reader.Read()) yield return (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
    }

    public List<string> SittingIds()
    {
        using var conn = new SqliteConnection(_connectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT sitting_id FROM journal;";
        using var reader = cmd.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static void Execute(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _write.Dispose();
}
