using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Session.Core.Journal;
using Xunit;

namespace Session.HallServer.Tests.Backup;

/// <summary>Reading and rewriting backup archives and their journals, for the tests that check or damage them.</summary>
public static class BackupArchives
{
    public static List<(string Name, byte[] Bytes)> Entries(string archive)
    {
        var entries = new List<(string, byte[])>();
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } e)
        {
            using var ms = new MemoryStream();
            e.DataStream?.CopyTo(ms);
            entries.Add((e.Name, ms.ToArray()));
        }
        return entries;
    }

    public static void Write(string archive, IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var file = File.Create(archive);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, bytes) in entries)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
    }

    /// <summary>Reads a sitting's journal from a (restored) journal.db and checks its whole chain, as start-up does.</summary>
    public static List<JournalEntry> ReadChain(string journalDb, string sittingId)
    {
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = journalDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT seq, canonical, hash FROM journal WHERE sitting_id = $s ORDER BY seq;";
        cmd.Parameters.AddWithValue("$s", sittingId);
        var entries = new List<JournalEntry>();
        var prev = HashChain.Genesis(sittingId);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            Assert.Equal(entries.Count + 1L, reader.GetInt64(0));
            var entry = HashChain.Read(reader.GetString(1), reader.GetString(2), prev, entries.Count + 1L);
            entries.Add(entry);
            prev = entry.Hash;
        }
        return entries;
    }

    /// <summary>No temp folder of a refused restore or backup left beside the target.</summary>
    public static void NoLeftovers(string folder) =>
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(folder), e => Path.GetFileName(e).Contains(".tmp-") || Path.GetFileName(e).Contains(".restore-tmp-"));
}
