using Session.Core.Journal;
using Session.HallServer.Storage;
using Session.Testing;

namespace Session.HallServer.Tests.Faults;

/// <summary>A running server's journal as it is on disk: copied with SQLite's backup (a consistent snapshot, sqlite3 from Debian), its chain checked.</summary>
public static class JournalCopy
{
    /// <summary>The sitting's entries; throws at the first bad or missing event, like the server's start-up check.</summary>
    public static Task<List<JournalEntry>> ReadAsync(HallServerProcess hall, string sittingId) => Task.Run(() => Read(hall, sittingId));

    private static List<JournalEntry> Read(HallServerProcess hall, string sittingId)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"session-journal-copy-{Guid.NewGuid():N}.db");
        try
        {
            // Inside the server's mount namespace (SQLite resolves /proc/PID/root to our own root, where the data dir is an
            // empty mount point); /tmp is the same on both sides.
            SmallDisk.Run("nsenter", "-t", hall.ProcessId.ToString(), "-m", "sqlite3", "-readonly",
                Path.Combine(hall.DataDir, "journal.db"), $".backup '{copy}'");
            using var store = new SqliteJournalStore(copy);
            return store.Read(sittingId);
        }
        finally
        {
            foreach (var f in new[] { copy, copy + "-wal", copy + "-shm" }) File.Delete(f);
        }
    }

    /// <summary>The sitting's presses by command id, each with every sequence number it was journaled at.</summary>
    public static Dictionary<string, List<(long Seq, VoteCast Cast)>> CastsByCommand(List<JournalEntry> entries) =>
        entries.Where(e => e.Event is VoteCast).Select(e => (e.Seq, Cast: (VoteCast)e.Event))
            .GroupBy(c => c.Cast.CommandId).ToDictionary(g => g.Key, g => g.ToList());
}
