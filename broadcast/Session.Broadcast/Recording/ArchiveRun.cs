using System.Globalization;
using System.Text.RegularExpressions;

namespace Session.Broadcast.Recording;

/// <summary>
/// One run of the encoder as the archive holds it: the segments <c>archive-{start}-NNNNN.ts</c> it wrote, and the UTC
/// wall-clock time it started (in the file name, so a restarted encoder's run is a run of its own). The name's time is
/// the encoder's start, seconds early; once the broadcast has measured the first frame (<see cref="RunAnchor"/>) it
/// writes it beside the segments (<c>archive-{start}.anchor</c>), and that time is used instead, so a later
/// <c>join</c> places the run exactly where the broadcast did.
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
            .Select(g => new ArchiveRun(ReadAnchor(dir, g.Key) ?? Parse(g.Key), g.Key, g.OrderBy(x => x.Match.Groups[2].Value, StringComparer.Ordinal).Select(x => x.File).ToList()))
            .OrderBy(r => r.StartedAt)
            .ToList();
    }

    public static string AnchorPath(string dir, string stamp) => Path.Combine(dir, $"archive-{stamp}.anchor");

    /// <summary>Records a run's measured first frame (once; a second measurement of the same run changes nothing).</summary>
    public static void WriteAnchor(string dir, string stamp, DateTimeOffset firstFrame)
    {
        var path = AnchorPath(dir, stamp);
        if (File.Exists(path)) return;
        File.WriteAllText(path + ".tmp", firstFrame.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static DateTimeOffset? ReadAnchor(string dir, string stamp)
    {
        var path = AnchorPath(dir, stamp);
        if (!File.Exists(path)) return null;
        return DateTimeOffset.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;
    }

    private static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.ParseExact(stamp, stamp.Length > 15 ? "yyyyMMdd-HHmmss-fff" : "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
