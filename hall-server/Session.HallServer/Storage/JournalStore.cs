using Microsoft.Data.Sqlite;
using Session.Core.Journal;

namespace Session.HallServer.Storage;

/// <summary>
/// The append-only journal of every sitting in one SQLite file. The append is the commit point:
/// WAL with <c>synchronous=FULL</c>, so a batch is on disk when <see cref="Append"/> returns, before any ack
/// or broadcast. Plain commands on this hot path: EF Core's per-SaveChanges cost (~4 ms here) is not needed.
/// </summary>
public sealed class JournalStore : IDisposable
{
    private readonly SqliteConnection _write;
    private readonly string _connectionString;
    private readonly Lock _gate = new();

    public JournalStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _write = new SqliteConnection(_connectionString);
        _write.Open();
        Execute(_write, "PRAGMA journal_mode=WAL;");
        Execute(_write, "PRAGMA synchronous=FULL;");
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

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    /// <summary>Appends a batch in one transaction; durable when this returns.</summary>
    public void Append(string sittingId, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return;
        lock (_gate)
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
    }

    /// <summary>Reads and checks a sitting's whole chain; throws <see cref="JournalCorruptException"/> at the first bad event.</summary>
    public List<JournalEntry> Read(string sittingId)
    {
        using var conn = new SqliteConnection(_connectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT seq, canonical, hash FROM journal WHERE sitting_id = $s ORDER BY seq;";
        cmd.Parameters.AddWithValue("$s", sittingId);
        var entries = new List<JournalEntry>();
        var prev = HashChain.Genesis(sittingId);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var expected = entries.Count + 1L;
            var seq = reader.GetInt64(0);
            if (seq != expected) throw new JournalCorruptException(expected, $"missing: the next stored event is {seq}");
            var entry = HashChain.Read(reader.GetString(1), reader.GetString(2), prev, expected);
            entries.Add(entry);
            prev = entry.Hash;
        }
        return entries;
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
