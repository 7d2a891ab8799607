using System.Globalization;

namespace Session.HallServer.Backup;

/// <summary>
/// The scheduled copies' names and their pruning: <c>session-backup-{UTC yyyyMMdd-HHmmssfff}-{reason}.tar.gz</c>, so the
/// name orders them by time; only names of this form are ever deleted — nothing else in the folder is touched.
/// </summary>
public static class BackupRetention
{
    public const string Prefix = "session-backup-";
    public const string Extension = ".tar.gz";

    public static string NameFor(DateTimeOffset at, string reason) =>
        $"{Prefix}{at.UtcDateTime.ToString("yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture)}-{Sanitize(reason)}{Extension}";

    public static List<string> Scheduled(string dir) =>
        !Directory.Exists(dir) ? [] :
        Directory.EnumerateFiles(dir, Prefix + "*" + Extension)
            .Where(f => IsScheduled(Path.GetFileName(f)))
            .OrderBy(f => Path.GetFileName(f)[..(Prefix.Length + 18)], StringComparer.Ordinal)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();

    /// <summary>Deletes all but the <paramref name="keep"/> newest; returns the deleted files.</summary>
    public static List<string> Prune(string dir, int keep)
    {
        var all = Scheduled(dir);
        var old = all.Take(Math.Max(0, all.Count - keep)).ToList();
        foreach (var f in old) File.Delete(f);
        return old;
    }

    private static bool IsScheduled(string name) =>
        name.Length > Prefix.Length + 18 + Extension.Length
        && DateTime.TryParseExact(name.Substring(Prefix.Length, 18), "yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Sanitize(string reason) =>
        new(reason.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
