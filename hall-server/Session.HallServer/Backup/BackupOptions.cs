using System.Globalization;

namespace Session.HallServer.Backup;

/// <summary>
/// The backup schedule (section <c>Hall:Backup</c>): where copies go, a daily time of day (the server's local time),
/// a copy after every sitting closes, and how many of the newest to keep. Nothing is scheduled without a folder.
/// </summary>
public sealed class BackupOptions
{
    /// <summary>Where scheduled copies go; best on another disk (docs/operations.md, 3-2-1).</summary>
    public string? Dir { get; set; }

    /// <summary>"HH:mm": a copy every day at this local time; empty: none.</summary>
    public string? Daily { get; set; }

    /// <summary>A copy as soon as a sitting's closing is published (the signed protocol included).</summary>
    public bool OnSittingClose { get; set; }

    /// <summary>How many of the newest scheduled copies stay in <see cref="Dir"/>; older ones are deleted.</summary>
    public int Keep { get; set; } = 14;

    public bool Enabled => !string.IsNullOrWhiteSpace(Dir) && (DailyTime is not null || OnSittingClose);

    public TimeOnly? DailyTime =>
        TimeOnly.TryParseExact(Daily?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public IEnumerable<string> Validate(string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(Daily) && DailyTime is null)
            yield return $"Hall:Backup:Daily must be a time of day HH:mm (e.g. 02:30), not '{Daily}'";
        if ((!string.IsNullOrWhiteSpace(Daily) || OnSittingClose) && string.IsNullOrWhiteSpace(Dir))
            yield return "Hall:Backup:Dir must name a folder when Hall:Backup:Daily or Hall:Backup:OnSittingClose is set";
        if (Keep < 1) yield return "Hall:Backup:Keep must be at least 1";
        if (!string.IsNullOrWhiteSpace(Dir))
        {
            var dir = Path.GetFullPath(Dir, dataDir) + Path.DirectorySeparatorChar;
            foreach (var folder in BackupContents.Folders)
                if (dir.StartsWith(Path.Combine(Path.GetFullPath(dataDir), folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    yield return $"Hall:Backup:Dir must not be inside the data dir's {folder}/ (the copies hold keys)";
        }
    }
}
