using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Session.HallServer.Backup;

/// <summary>What a restore put in place.</summary>
public sealed record RestoreResult(string DataDir, BackupManifest Manifest);

/// <summary>
/// Restores a backup into a new, empty data dir. The archive is unpacked into a temp folder beside the target and every
/// entry checked against the manifest (the same set of files, each size and SHA-256); only then is it moved into place.
/// A mismatch, a damaged archive or a path leaving the folder refuses the whole restore and leaves the target untouched.
/// </summary>
public static class BackupRestorer
{
    public static RestoreResult Restore(string archive, string dataDir)
    {
        archive = Path.GetFullPath(archive);
        dataDir = Path.GetFullPath(dataDir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (!File.Exists(archive))
            throw new BackupRefused("no-archive", $"файлу копії {archive} немає", $"the backup file {archive} does not exist");
        if (File.Exists(dataDir))
            throw new BackupRefused("target-not-empty", $"{dataDir} — це файл, а не тека", $"{dataDir} is a file, not a folder");
        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
            throw new BackupRefused("target-not-empty", $"тека {dataDir} не порожня; відновлюють лише в нову або порожню теку",
                $"the folder {dataDir} is not empty; a backup is restored only into a new or empty folder");

        var parent = Path.GetDirectoryName(dataDir)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, "." + Path.GetFileName(dataDir) + ".restore-tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var (manifest, found) = Unpack(archive, staging);
            Compare(manifest, found);
            foreach (var f in manifest.Files.Where(f => BackupContents.IsKey(f.Path)))
                Auth.Secrets.MakePrivate(Path.Combine(staging, f.Path));
            if (Directory.Exists(dataDir))
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(staging))
                {
                    var to = Path.Combine(dataDir, Path.GetFileName(entry));
                    if (Directory.Exists(entry)) Directory.Move(entry, to);
                    else File.Move(entry, to);
                }
            }
            else
            {
                Directory.Move(staging, dataDir);
            }
            Session.Publishing.Files.AtomicFile.SyncDirectory(parent);
            return new RestoreResult(dataDir, manifest);
        }
        finally
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); } catch (IOException) { }
        }
    }

    private static (BackupManifest Manifest, Dictionary<string, BackupFile> Found) Unpack(string archive, string staging)
    {
        BackupManifest? manifest = null;
        var found = new Dictionary<string, BackupFile>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory) continue;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    throw Damaged($"запис «{entry.Name}» не є звичайним файлом", $"the entry '{entry.Name}' is not a regular file");
                var name = entry.Name;
                if (!IsSafe(name))
                    throw Damaged($"запис «{name}» виходить за межі теки даних", $"the entry '{name}' leads outside the data dir");
                if (name == BackupManifest.FileName)
                {
                    using var ms = new MemoryStream();
                    entry.DataStream?.CopyTo(ms);
                    manifest = BackupManifest.Parse(ms.ToArray())
                        ?? throw Damaged("manifest.json не читається", "manifest.json cannot be read");
                    continue;
                }
                if (found.ContainsKey(name))
                    throw Damaged($"запис «{name}» повторюється", $"the entry '{name}' appears twice");
                var path = Path.Combine(staging, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long size = 0;
                if (entry.DataStream is { } data)
                {
                    int n;
                    while ((n = data.Read(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        output.Write(buffer, 0, n);
                        size += n;
                    }
                }
                output.Flush(flushToDisk: true);
                found[name] = new BackupFile(name, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw Damaged($"архів пошкоджений або це не копія Session ({ex.Message})", $"the archive is damaged or is not a Session backup ({ex.Message})");
        }
        if (manifest is null || manifest.Format != BackupManifest.CurrentFormat || manifest.Files is null)
            throw Damaged($"немає manifest.json формату {BackupManifest.CurrentFormat}", $"there is no manifest.json of format {BackupManifest.CurrentFormat}");
        return (manifest, found);
    }

    private static void Compare(BackupManifest manifest, Dictionary<string, BackupFile> found)
    {
        var problems = new List<(string Uk, string En)>();
        foreach (var expected in manifest.Files)
        {
            if (!found.TryGetValue(expected.Path, out var actual)) problems.Add(($"{expected.Path}: немає в архіві", $"{expected.Path}: missing from the archive"));
            else if (actual.Size != expected.Size || !string.Equals(actual.Sha256, expected.Sha256, StringComparison.OrdinalIgnoreCase))
                problems.Add(($"{expected.Path}: SHA-256 не збігається з маніфестом", $"{expected.Path}: SHA-256 does not match the manifest"));
        }
        var listed = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in found.Keys.Where(k => !listed.Contains(k)))
            problems.Add(($"{extra}: немає в маніфесті", $"{extra}: not in the manifest"));
        if (problems.Count > 0)
            throw new BackupRefused("hash-mismatch",
                "копія не збігається зі своїм маніфестом, нічого не відновлено: " + string.Join("; ", problems.Select(p => p.Uk)),
                "the backup does not match its manifest, nothing was restored: " + string.Join("; ", problems.Select(p => p.En)));
    }

    /// <summary>A relative path of plain segments: no root, no '..', no backslash.</summary>
    private static bool IsSafe(string name) =>
        name.Length > 0 && !name.StartsWith('/') && !name.Contains('\\') && !name.Contains(':')
        && name.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    private static BackupRefused Damaged(string uk, string en) => new("archive-damaged", uk, en);
}
