using System.Globalization;
using System.Text.RegularExpressions;

namespace Session.Broadcast.Recording;

/// <summary>
/// One run of the encoder as the archive holds it: the segments <c>archive-{start}-NNNNN.ts</c> it wrote, and the UTC
/// wall-clock time it started (in the file name, so a restarted encoder's run is a run of its own).
/// </summary>
public sealed partial record ArchiveRun(DateTimeOffset StartedAt, string Stamp, IReadOnlyList<string> Segments)
{
    /// <summary>The name stamp: UTC with milliseconds, since a vote's link must land within a second.</summary>
    public static string StampOf(DateTimeOffset startedAt) => startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);

    public static string Pattern(string dir, DateTimeOffset startedAt) => Path.Combine(dir, $"archive-{StampOf(startedAt)}-%05d.ts");

    // Older archives have no milliseconds in the stamp: they still list, a second less precise.
    [GeneratedRegex(@"^archive-(\d{8}-\d{6}(?:-\d{3})?)-(\d{5})\.ts$")]
    private static partial Regex Name();

    /// <summary>Every run in the folder, oldest first; segments in order. An absent folder holds none.</summary>
    public static IReadOnlyList<ArchiveRun> Find(string dir)
    {
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateFiles(dir, "archive-*.ts")
            .Select(f => (File: f, Match: Name().Match(Path.GetFileName(f))))
            .Where(x => x.Match.Success)
            .GroupBy(x => x.Match.Groups[1].Value)
            .Select(g => new ArchiveRun(Parse(g.Key), g.Key, g.OrderBy(x => x.Match.Groups[2].Value, StringComparer.Ordinal).Select(x => x.File).ToList()))
            .OrderBy(r => r.StartedAt)
            .ToList();
    }

    private static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.ParseExact(stamp, stamp.Length > 15 ? "yyyyMMdd-HHmmss-fff" : "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
