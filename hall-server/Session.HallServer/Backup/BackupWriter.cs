using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Session.Core.Journal;
using Session.HallServer.Storage;

namespace Session.HallServer.Backup;

/// <summary>What a finished backup holds.</summary>
public sealed record BackupResult(string Archive, BackupManifest Manifest, long Bytes, TimeSpan Took);

/// <summary>
/// Makes a consistent copy of a data dir while the server runs in another process: each database through SQLite's
/// online backup API (a read transaction in WAL mode: the server's writers never wait for it, and the copy is the
/// database as of one commit), then the plain files; the copied journals' chains are checked as start-up checks them;
/// everything goes into one <c>.tar.gz</c> with <c>manifest.json</c> first, written under a temp name and renamed.
/// </summary>
public static class BackupWriter
{
    private static readonly TimeSpan BusyLimit = TimeSpan.FromSeconds(30);

    public static BackupResult Create(string dataDir, string archive, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var started = clock.GetTimestamp();
        dataDir = Path.GetFullPath(dataDir);
        archive = Path.GetFullPath(archive);
        Check(dataDir, archive);

        var targetDir = Path.GetDirectoryName(archive)!;
        var staging = Path.Combine(targetDir, "." + Path.GetFileName(archive) + ".tmp-" + Guid.NewGuid().ToString("N"));
        var partial = staging + ".partial";
        Directory.CreateDirectory(staging);
        try
        {
            var files = new List<BackupFile>();
            var journals = new List<BackupJournalHead>();
            foreach (var db in BackupContents.Databases(dataDir))
            {
                var copy = Path.Combine(staging, db);
                CopyDatabase(Path.Combine(dataDir, db), copy);
                if (db == "journal.db") journals.AddRange(CheckJournal(copy));
                files.Add(Describe(db, copy));
            }
            foreach (var relative in BackupContents.Files(dataDir))
            {
                var copy = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                try { File.Copy(Path.Combine(dataDir, relative), copy); }
                catch (FileNotFoundException) { continue; } // replaced or swept while we listed: the next backup has it
                catch (DirectoryNotFoundException) { continue; }
                files.Add(Describe(relative, copy));
            }
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, clock.GetUtcNow(), Environment.MachineName, files, journals);
            WriteArchive(staging, manifest, partial);
            File.Move(partial, archive, overwrite: false);
            Session.Publishing.Files.AtomicFile.SyncDirectory(targetDir);
            return new BackupResult(archive, manifest, new FileInfo(archive).Length, clock.GetElapsedTime(started));
        }
        finally
        {
            TryDelete(partial);
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { }
        }
    }

    private static void Check(string dataDir, string archive)
    {
        if (!Directory.Exists(dataDir))
            throw new BackupRefused("no-data-dir", $"теки даних {dataDir} немає", $"the data dir {dataDir} does not exist");
        if (File.Exists(Path.Combine(dataDir, Storage.StorageSetup.PostgresMarker)))
            throw new BackupRefused("postgres-storage",
                $"журнал і реєстр цієї теки даних зберігаються в PostgreSQL (Hall:Storage=postgres): копіюйте базу за допомогою pg_dump, а теку {dataDir} (ключі, opendata, documents) — окремо (docs/deploy.md)",
                $"this data dir's journal and registry are in PostgreSQL (Hall:Storage=postgres): back up the database with pg_dump, and the folder {dataDir} (keys, opendata, documents) apart (docs/deploy.md)");
        if (!File.Exists(Path.Combine(dataDir, "journal.db")) && !File.Exists(Path.Combine(dataDir, "registry.db")))
            throw new BackupRefused("not-a-data-dir", $"{dataDir} не є текою даних Session (немає journal.db і registry.db)",
                $"{dataDir} is not a Session data dir (no journal.db or registry.db)");
        var targetDir = Path.GetDirectoryName(archive);
        if (targetDir is null || !Directory.Exists(targetDir))
            throw new BackupRefused("no-target-dir", $"теки {targetDir} для копії немає", $"the folder {targetDir} for the backup does not exist");
        if (File.Exists(archive) || Directory.Exists(archive))
            throw new BackupRefused("target-exists", $"{archive} уже існує; попередню копію не буде перезаписано",
                $"{archive} already exists; an earlier backup is never overwritten");
        foreach (var folder in BackupContents.Folders)
        {
            var root = Path.Combine(dataDir, folder) + Path.DirectorySeparatorChar;
            if (archive.StartsWith(root, StringComparison.Ordinal))
                throw new BackupRefused("target-inside-data", $"копію не можна класти в {folder}/ теки даних: там вона стала б публічною або потрапила б у наступну копію",
                    $"a backup cannot go inside the data dir's {folder}/: it would be published or copied into the next backup");
        }
    }

    /// <summary>SQLite's online backup: all pages in one step under one read transaction, retried while the file is busy.</summary>
    private static void CopyDatabase(string source, string copy)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
                using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
                from.Open();
                to.Open();
                from.BackupDatabase(to);
                using var check = to.CreateCommand();
                check.CommandText = "PRAGMA quick_check;";
                var result = check.ExecuteScalar() as string;
                if (result != "ok")
                    throw new BackupRefused("copy-damaged", $"копія {Path.GetFileName(source)} не пройшла перевірку цілісності: {result}",
                        $"the copy of {Path.GetFileName(source)} fails its integrity check: {result}");
                return;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 && TimeProvider.System.GetElapsedTime(started) < BusyLimit)
            {
                // SQLITE_BUSY / SQLITE_LOCKED: a checkpoint or recovery holds the file for a moment.
                TryDelete(copy);
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Every sitting's chain in the copy, checked as start-up checks it.</summary>
    private static List<BackupJournalHead> CheckJournal(string copy)
    {
        using var store = new SqliteJournalStore(copy);
        var heads = new List<BackupJournalHead>();
        foreach (var sittingId in store.SittingIds().Order(StringComparer.Ordinal))
        {
            try
            {
                var entries = store.Read(sittingId);
                heads.Add(new BackupJournalHead(sittingId, entries.Count, entries.Count == 0 ? "" : entries[^1].Hash));
            }
            catch (JournalCorruptException ex)
            {
                throw new BackupRefused("journal-bad", $"журнал засідання {sittingId}: подія {ex.Seq} пошкоджена: {ex.Problem}; копію не створено",
                    $"journal of sitting {sittingId}: event {ex.Seq} is bad: {ex.Problem}; no backup was made");
            }
        }
        return heads;
    }

    private static BackupFile Describe(string relative, string path)
    {
        using var stream = File.OpenRead(path);
        return new BackupFile(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static void WriteArchive(string staging, BackupManifest manifest, string partial)
    {
        using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                var bytes = manifest.ToBytes();
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.FileName)
                {
                    DataStream = new MemoryStream(bytes, writable: false),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    ModificationTime = manifest.CreatedAt,
                });
                foreach (var f in manifest.Files)
                    tar.WriteEntry(Path.Combine(staging, f.Path), f.Path);
            }
            file.Flush(flushToDisk: true);
        }
        Auth.Secrets.MakePrivate(partial);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
