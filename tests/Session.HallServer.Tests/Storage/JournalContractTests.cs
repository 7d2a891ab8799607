using Session.Core.Journal;
using Session.HallServer.Storage;
using Xunit;

namespace Session.HallServer.Tests.Storage;

/// <summary>
/// What every journal provider promises (<see cref="IJournalStore"/>), on a real SQLite file and a real PostgreSQL:
/// batches read back as one checked chain per sitting, and the primary key <c>(sitting_id, seq)</c> is the fence — of
/// two writers of the same sequence number exactly one succeeds, the other gets <see cref="JournalConflictException"/>
/// and nothing of its batch is stored.
/// </summary>
public sealed class JournalContractTests(PostgresFixture pg) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("session-journal-contract-").FullName;

    public static TheoryData<string> Providers => new() { StorageSetup.Sqlite, StorageSetup.Postgres };

    /// <summary>Opens stores on one fresh journal: each call is another writer (its own connections), as another node would be.</summary>
    private async Task<Func<IJournalStore>> JournalAsync(string provider)
    {
        if (provider == StorageSetup.Sqlite)
        {
            var path = Path.Combine(_dir, $"journal-{Guid.NewGuid():N}.db");
            return () => new SqliteJournalStore(path);
        }
        var cs = await pg.Server.CreateDatabaseAsync("journal");
        return () => new PostgresJournalStore(cs);
    }

    private static List<JournalEntry> Chain(string sittingId, string writer, int count, IReadOnlyList<JournalEntry>? after = null)
    {
        var entries = new List<JournalEntry>();
        var prev = after is { Count: > 0 } ? after[^1].Hash : HashChain.Genesis(sittingId);
        var seq = after?.Count ?? 0;
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            var e = HashChain.Seal(++seq, at.AddSeconds(seq), new RecessStarted("other", $"{writer} {seq}"), prev);
            entries.Add(e);
            prev = e.Hash;
        }
        return entries;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Batches_read_back_as_one_checked_chain_per_sitting(string provider)
    {
        var open = await JournalAsync(provider);
        using var store = open();
        var a = Chain("rada-1-1", "a", 5);
        var b = Chain("rada-1-2", "b", 2);
        store.Append("rada-1-1", a[..3]);
        store.Append("rada-1-2", b);
        store.Append("rada-1-1", a[3..]);
        store.Append("rada-1-1", []);

        using var reader = open();
        Assert.Equal(a.Select(e => (e.Seq, e.Hash)), reader.Read("rada-1-1").Select(e => (e.Seq, e.Hash)));
        Assert.Equal(b.Select(e => e.Canonical), reader.Read("rada-1-2").Select(e => e.Canonical));
        Assert.Empty(reader.Read("rada-1-3"));
        Assert.Equal(["rada-1-1", "rada-1-2"], reader.SittingIds().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_writers_of_the_same_seq_one_succeeds_the_other_gets_the_conflict_and_the_chain_never_forks(string provider)
    {
        const string sitting = "rada-2-1";
        var open = await JournalAsync(provider);
        using var first = open();
        using var second = open();
        var common = Chain(sitting, "common", 2);
        first.Append(sitting, common);

        // A stale second activation appends seq 2 and 3 on top of seq 1: refused whole, its seq 3 is not stored either.
        var stale = Chain(sitting, "stale", 2, common[..1]);
        var refused = Assert.Throws<JournalConflictException>(() => second.Append(sitting, stale));
        Assert.Equal(sitting, refused.SittingId);

        // Both race for seq 3 with different events: exactly one wins.
        var mine = Chain(sitting, "first", 3, common);
        var theirs = Chain(sitting, "second", 3, common);
        var results = await Task.WhenAll(
            Task.Run(() => Outcome(() => first.Append(sitting, mine))),
            Task.Run(() => Outcome(() => second.Append(sitting, theirs))));
        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is JournalConflictException);
        var winner = results[0] is null ? mine : theirs;

        // The writer that lost is still usable once it catches up (a new activation reads the chain and goes on).
        var loser = results[0] is null ? second : first;
        var stored = loser.Read(sitting);
        Assert.Equal(common.Concat(winner).Select(e => e.Hash), stored.Select(e => e.Hash));
        var next = Chain(sitting, "after", 1, stored);
        loser.Append(sitting, next);
        using var check = open();
        Assert.Equal(common.Concat(winner).Concat(next).Select(e => e.Hash), check.Read(sitting).Select(e => e.Hash));
    }

    private static Exception? Outcome(Action append)
    {
        try { append(); return null; }
        catch (Exception ex) { return ex; }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
