using Session.Publishing.Files;

namespace Session.HallServer.Backup;

/// <summary>
/// What of a data dir a backup holds: every SQLite database (<c>*.db</c>), the published files (<c>opendata/</c>),
/// the agenda documents (<c>documents/</c>), the recordings' descriptors (<c>recordings/*/recording.json</c>, not the
/// videos) and the keys (<c>*.key</c>, <c>*.pfx</c>) — so a backup holds secrets and
/// is encrypted before it leaves the machine (docs/operations.md). Logs, temp files and one-time tokens are left out.
/// </summary>
public static class BackupContents
{
    /// <summary>ASP.NET Core Data Protection's keys, which protect the staff's TOTP seeds (Auth/SecondFactors).</summary>
    public const string ProtectionKeys = "protection-keys";

    /// <summary>Folders copied whole; <c>tls</c> holds the hall CA, which tablets and gateways trust.</summary>
    public static readonly string[] Folders = ["opendata", "documents", ProtectionKeys, "tls", Recordings.RecordingStore.Dir];

    /// <summary>The databases in the order they are copied: the journal last, so the registry's copy is never ahead of
    /// it — the same state as a crash between the two writes, which start-up heals from the journal.</summary>
    public static List<string> Databases(string dataDir) =>
        Directory.EnumerateFiles(dataDir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => Path.GetExtension(n) == ".db")
            .OrderBy(n => n == "journal.db" ? 2 : n == "registry.db" ? 1 : 0).ThenBy(n => n, StringComparer.Ordinal)
            .ToList();

    public static bool IsKey(string fileName) => Path.GetExtension(fileName) is ".key" or ".pfx";

    /// <summary>The plain files, as paths relative to the data dir with '/'.</summary>
    public static List<string> Files(string dataDir)
    {
        var files = Directory.EnumerateFiles(dataDir).Select(Path.GetFileName).OfType<string>().Where(IsKey).ToList();
        foreach (var folder in Folders)
        {
            var root = Path.Combine(dataDir, folder);
            if (!Directory.Exists(root)) continue;
            files.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !AtomicFile.IsTemporary(f))
                // A recording's descriptor (what the signed set holds) is copied, its video is not: gigabytes per sitting,
                // kept by the broadcast's archive and uploaded again after a restore (docs/operations.md).
                .Where(f => folder != Recordings.RecordingStore.Dir || Path.GetExtension(f) != ".mp4")
                .Select(f => Path.GetRelativePath(dataDir, f).Replace(Path.DirectorySeparatorChar, '/')));
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
