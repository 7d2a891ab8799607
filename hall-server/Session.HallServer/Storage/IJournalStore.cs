using Session.Core.Journal;

namespace Session.HallServer.Storage;

/// <summary>
/// The append-only journal of every sitting: the record, and the commit point of every command. Two providers:
/// <see cref="SqliteJournalStore"/> (the hall appliance) and <see cref="PostgresJournalStore"/> (the regional host).
/// Both keep the primary key <c>(sitting_id, seq)</c>: an append of a sequence number that is already stored fails with
/// <see cref="JournalConflictException"/> — the fence against a second activation of a sitting's grain (ARCHITECTURE.md
/// "Deployments"); nothing of that batch is written.
/// </summary>
public interface IJournalStore : IDisposable
{
    /// <summary>Where the journal is, for logs: a file path, or a connection string without its password.</summary>
    string Describe { get; }

    /// <summary>Appends a batch atomically; durable when this returns. Throws on failure, and nothing of the batch is stored.</summary>
    void Append(string sittingId, IReadOnlyList<JournalEntry> entries);

    /// <summary>Reads and checks a sitting's whole chain; throws <see cref="JournalCorruptException"/> at the first bad event.</summary>
    List<JournalEntry> Read(string sittingId);

    List<string> SittingIds();
}

/// <summary>The rows of one sitting, in order of seq, checked as a chain the same way by every provider.</summary>
public static class JournalRows
{
    public static List<JournalEntry> Check(string sittingId, IEnumerable<(long Seq, string Canonical, string Hash)> rows)
    {
        var entries = new List<JournalEntry>();
        var prev = HashChain.Genesis(sittingId);
        foreach (var (seq, canonical, hash) in rows)
        {
            var expected = entries.Count + 1L;
            if (seq != expected) throw new JournalCorruptException(expected, $"missing: the next stored event is {seq}");
            var entry = HashChain.Read(canonical, hash, prev, expected);
            entries.Add(entry);
            prev = entry.Hash;
        }
        return entries;
    }
}
