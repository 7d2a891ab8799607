using Session.Core.Journal;
using Session.HallServer.Storage;

namespace Session.Testing;

/// <summary>What a sitting's journal in PostgreSQL holds, read as any node reads it (the hash chain checked on the way).</summary>
public static class JournalCount
{
    /// <summary>How many times each command id is journaled as a named vote's press: every acknowledged press must be there exactly once.</summary>
    public static Dictionary<string, int> Casts(string database, string sittingId)
    {
        using var store = new PostgresJournalStore(database);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in store.Read(sittingId))
            if (entry.Event is VoteCast cast) counts[cast.CommandId] = counts.GetValueOrDefault(cast.CommandId) + 1;
        return counts;
    }
}
