using System.Collections.Concurrent;

namespace Session.Broadcast.Recording;

/// <summary>An archive segment placed in wall-clock time: its run's first frame plus the lengths of the segments before it.</summary>
public sealed record TimedSegment(string Path, DateTimeOffset Start, TimeSpan Length)
{
    public DateTimeOffset End => Start + Length;
}

/// <summary>
/// Which segments hold a sitting. The segmenter cuts a run into files of <c>--segment-seconds</c> (at the keyframe after
/// that length, so up to one GOP longer) and never re-encodes, so a sitting's recording is whole segments: every
/// segment that overlaps [opened, closed], from each run. The recording may therefore begin up to a segment before the
/// opening and end up to a segment after the close; chapters and vote links are measured from its own first frame.
/// </summary>
public sealed class SegmentWindow
{
    // A finished segment never changes, so its length is probed once.
    private readonly ConcurrentDictionary<string, TimeSpan> lengths = new();

    /// <summary>Places a run's segments; <paramref name="count"/> limits it to the first ones (the finished ones of a live run).</summary>
    public async Task<IReadOnlyList<TimedSegment>> PlaceAsync(ArchiveRun run, int count, CancellationToken ct)
    {
        var placed = new List<TimedSegment>();
        var at = run.StartedAt;
        foreach (var segment in run.Segments.Take(count))
        {
            if (!lengths.TryGetValue(segment, out var length))
                lengths[segment] = length = await RecordingJoiner.SegmentLengthAsync(segment, ct);
            placed.Add(new TimedSegment(segment, at, length));
            at += length;
        }
        return placed;
    }

    /// <summary>
    /// The runs cut to the segments that overlap [<paramref name="from"/>, <paramref name="to"/>]; each cut run starts at
    /// its first segment. Runs that ended before <paramref name="from"/> or began after <paramref name="to"/> are not probed.
    /// </summary>
    public async Task<IReadOnlyList<ArchiveRun>> SelectAsync(IReadOnlyList<ArchiveRun> runs, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var selected = new List<ArchiveRun>();
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].StartedAt >= to) break;
            if (i + 1 < runs.Count && runs[i + 1].StartedAt <= from) continue; // the next run began before the window: this one ended before it
            var placed = await PlaceAsync(runs[i], runs[i].Segments.Count, ct);
            var inside = Overlapping(placed, from, to);
            if (inside.Count > 0) selected.Add(runs[i] with { StartedAt = inside[0].Start, Segments = inside.Select(s => s.Path).ToList() });
        }
        return selected;
    }

    public static IReadOnlyList<TimedSegment> Overlapping(IReadOnlyList<TimedSegment> segments, DateTimeOffset from, DateTimeOffset to) =>
        segments.Where(s => s.End > from && s.Start < to).ToList();
}
