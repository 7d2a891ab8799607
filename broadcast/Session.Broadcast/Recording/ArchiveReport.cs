using System.Globalization;
using System.Text;

namespace Session.Broadcast.Recording;

/// <summary>One thing the archive holds: a joined recording or an encoder run's segments, and until when it is kept.</summary>
public sealed record ArchiveItem(string Kind, string Name, DateTimeOffset RecordedAt, long Bytes, DateTimeOffset KeepUntil, IReadOnlyList<string> Files)
{
    public bool Expired(DateTimeOffset now) => now >= KeepUntil;
}

/// <summary>
/// What the archive holds and when each item's retention ends (3590-IX: at least five years). Items are removed only by
/// the operator's explicit <c>--delete-expired</c>, and only once expired: nothing is ever removed on a schedule or silently.
/// </summary>
public static class ArchiveReport
{
    public static IReadOnlyList<ArchiveItem> List(string archiveDir, string recordingsDir, int retentionYears)
    {
        var items = new List<ArchiveItem>();
        foreach (var run in ArchiveRun.Find(archiveDir))
            items.Add(new ArchiveItem("segments", $"archive-{run.Stamp}", run.StartedAt, run.Segments.Sum(s => new FileInfo(s).Length),
                run.StartedAt.AddYears(retentionYears), File.Exists(ArchiveRun.AnchorPath(archiveDir, run.Stamp)) ? [.. run.Segments, ArchiveRun.AnchorPath(archiveDir, run.Stamp)] : run.Segments));
        if (Directory.Exists(recordingsDir))
            foreach (var folder in Directory.EnumerateDirectories(recordingsDir).Order(StringComparer.Ordinal))
            {
                var json = Path.Combine(folder, RecordingDescriptor.FileName);
                if (!File.Exists(json)) continue;
                var d = RecordingDescriptor.Parse(File.ReadAllBytes(json));
                var video = Path.Combine(folder, d.File);
                // The longer of the configured period and the one written when it was recorded: a shorter setting now never shortens it.
                var keep = d.StartedAt.AddYears(retentionYears) > d.KeepUntil ? d.StartedAt.AddYears(retentionYears) : d.KeepUntil;
                items.Add(new ArchiveItem("recording", d.SittingId, d.StartedAt, File.Exists(video) ? new FileInfo(video).Length : 0, keep, [video, json]));
            }
        return items.OrderBy(i => i.RecordedAt).ToList();
    }

    public static string Format(IReadOnlyList<ArchiveItem> items, DateTimeOffset now)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder("kind\tname\trecorded (UTC)\tMiB\tkeep until (UTC)\tstate\n");
        foreach (var i in items)
            s.Append(inv, $"{i.Kind}\t{i.Name}\t{i.RecordedAt.UtcDateTime:yyyy-MM-dd HH:mm}\t{i.Bytes / 1048576.0:0.0}\t{i.KeepUntil.UtcDateTime:yyyy-MM-dd}\t")
             .Append(i.Expired(now) ? "строк минув / expired" : "зберігається / kept").Append('\n');
        s.Append(inv, $"{items.Count} items, {items.Sum(i => i.Bytes) / 1048576.0:0.0} MiB, {items.Count(i => i.Expired(now))} expired\n");
        return s.ToString();
    }

    /// <summary>Deletes the expired items' files (only those); returns what was removed.</summary>
    public static IReadOnlyList<ArchiveItem> DeleteExpired(IReadOnlyList<ArchiveItem> items, DateTimeOffset now)
    {
        var removed = items.Where(i => i.Expired(now)).ToList();
        foreach (var item in removed)
            foreach (var f in item.Files) File.Delete(f);
        return removed;
    }
}
