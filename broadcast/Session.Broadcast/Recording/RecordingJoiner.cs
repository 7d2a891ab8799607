using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FFMpegCore;
using Session.Broadcast.Ffmpeg;

namespace Session.Broadcast.Recording;

/// <summary>
/// Makes a sitting's recording: the archive runs joined without re-encoding (FFmpeg's concat demuxer, <c>-c copy</c>)
/// into one MP4 with a chapter per agenda item (an FFMETADATA file), checked with ffprobe (length and chapter count),
/// hashed, and described in <c>recording.json</c>. Segments are only read; the MP4 appears only once it has passed.
/// </summary>
public static partial class RecordingJoiner
{
    /// <summary>3590-IX: video recordings of sittings are kept at least five years.</summary>
    public const int DefaultRetentionYears = 5;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeId();

    /// <summary>Joins <paramref name="runs"/> into <c>{outputRoot}/{sittingId}/recording.mp4</c> and writes its descriptor.</summary>
    public static async Task<RecordingDescriptor> JoinAsync(IReadOnlyList<ArchiveRun> runs, SittingMarks marks, string archiveDir, string outputRoot,
        int retentionYears, CancellationToken ct)
    {
        var sittingId = marks.SittingId ?? throw new InvalidOperationException("no sitting was followed");
        if (!SafeId().IsMatch(sittingId)) throw new ArgumentException($"the sitting id '{sittingId}' cannot be a folder name", nameof(marks));
        if (runs.Count == 0 || runs.All(r => r.Segments.Count == 0)) throw RecordingFailed.NoArchive(archiveDir);

        var placed = new List<PlacedRun>();
        var runEntries = new List<RecordingDescriptor.RunEntry>();
        foreach (var run in runs.Where(r => r.Segments.Count > 0))
        {
            var length = TimeSpan.Zero;
            foreach (var segment in run.Segments) length += await SegmentLengthAsync(segment, ct);
            placed.Add(new PlacedRun(run.StartedAt, length));
            runEntries.Add(new(run.StartedAt, Math.Round(length.TotalSeconds, 3), run.Segments.Select(Path.GetFileName).ToList()!));
        }
        var timeline = new RecordingTimeline(placed);
        var chapters = FfMetadata.Chapters(
            marks.Items.Select(i => (i.ItemId, i.Title, timeline.OffsetOrStart(i.At))).Where(i => i.Item3 is not null)
                .Select(i => (i.ItemId, i.Title, i.Item3!.Value)).ToList(), timeline.Duration);

        var folder = Path.Combine(outputRoot, sittingId);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, RecordingDescriptor.VideoFile);
        var tmp = Path.Combine(folder, $".{RecordingDescriptor.VideoFile}.tmp-{Guid.NewGuid():N}");
        var list = tmp + ".concat";
        var meta = tmp + ".ffmeta";
        try
        {
            // The concat list quotes each path; a quote inside is written as '\'' (ffmpeg-formats "concat").
            File.WriteAllText(list, string.Concat(runs.SelectMany(r => r.Segments).Select(s => $"file '{Path.GetFullPath(s).Replace("'", @"'\''")}'\n")), ToolRun.Utf8);
            File.WriteAllText(meta, FfMetadata.Format($"Засідання {sittingId}", chapters), ToolRun.Utf8);
            var (code, _, stderr) = await ToolRun.RunAsync(GlobalFFOptions.GetFFMpegBinaryPath(),
            [
                "-hide_banner", "-nostdin", "-v", "error", "-y",
                "-f", "concat", "-safe", "0", "-i", list,
                "-i", meta,
                "-map", "0:v", "-map", "0:a?", "-map_metadata", "1", "-map_chapters", "1",
                "-c", "copy", "-movflags", "+faststart", "-f", "mp4", tmp,
            ], Timeout(timeline.Duration), ct);
            if (code != 0) throw RecordingFailed.JoinFailed(ToolRun.Tail(stderr));

            var (duration, chapterCount) = await ProbeAsync(tmp, ct);
            // Each joined run may end up to a frame or two apart from its segments' sum.
            var tolerance = 1.0 + 0.1 * placed.Count;
            if (Math.Abs(duration - timeline.Duration.TotalSeconds) > tolerance)
                throw RecordingFailed.CheckFailed($"тривалість {duration:0.0} с, у сегментах {timeline.Duration.TotalSeconds:0.0} с", $"length {duration:0.0} s, segments {timeline.Duration.TotalSeconds:0.0} s");
            if (chapterCount != chapters.Count)
                throw RecordingFailed.CheckFailed($"розділів {chapterCount}, мало бути {chapters.Count}", $"{chapterCount} chapters, expected {chapters.Count}");

            var (sha, bytes) = await HashAsync(tmp, ct);
            var descriptor = new RecordingDescriptor
            {
                SittingId = sittingId, Sha256 = sha, Bytes = bytes, DurationSeconds = Math.Round(duration, 3),
                StartedAt = placed[0].StartedAt, KeepUntil = placed[^1].StartedAt.AddYears(retentionYears),
                Chapters = chapters.Select(c => new RecordingDescriptor.ChapterEntry(c.ItemId, c.Title, Math.Round(c.Start.TotalSeconds, 3), Math.Round(c.End.TotalSeconds, 3))).ToList(),
                Votes = marks.Votes.Select(v => new RecordingDescriptor.VoteEntry(v.VoteId, v.Number, v.ItemId, v.Motion, v.OpenedAt,
                    timeline.Offset(v.OpenedAt) is { } o ? (long)Math.Round(o.TotalSeconds, MidpointRounding.AwayFromZero) : null)).ToList(),
                Runs = runEntries,
            };
            File.Move(tmp, target, overwrite: true);
            var json = Path.Combine(folder, RecordingDescriptor.FileName);
            File.WriteAllBytes(json + ".tmp", descriptor.ToJson());
            File.Move(json + ".tmp", json, overwrite: true);
            return descriptor;
        }
        finally
        {
            foreach (var f in new[] { tmp, list, meta }) if (File.Exists(f)) File.Delete(f);
        }
    }

    internal static async Task<TimeSpan> SegmentLengthAsync(string segment, CancellationToken ct)
    {
        var info = new FileInfo(segment);
        if (!info.Exists) throw RecordingFailed.Unreadable(segment, "файлу немає / file missing");
        if (info.Length == 0) throw RecordingFailed.Unreadable(segment, "порожній / empty");
        var (code, stdout, stderr) = await ToolRun.RunAsync(GlobalFFOptions.GetFFProbeBinaryPath(),
            ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", segment], TimeSpan.FromSeconds(30), ct);
        if (code != 0 || !double.TryParse(stdout.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            throw RecordingFailed.Unreadable(segment, code != 0 ? ToolRun.Tail(stderr, 1) : "без тривалості / no duration");
        return TimeSpan.FromSeconds(seconds);
    }

    private static async Task<(double Duration, int Chapters)> ProbeAsync(string file, CancellationToken ct)
    {
        var (code, stdout, stderr) = await ToolRun.RunAsync(GlobalFFOptions.GetFFProbeBinaryPath(),
            ["-v", "error", "-show_entries", "format=duration", "-show_chapters", "-of", "json", file], TimeSpan.FromSeconds(60), ct);
        if (code != 0) throw RecordingFailed.CheckFailed(ToolRun.Tail(stderr), ToolRun.Tail(stderr));
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            var duration = double.Parse(doc.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
            int chapters = doc.RootElement.TryGetProperty("chapters", out var c) ? c.GetArrayLength() : 0;
            return (duration, chapters);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw RecordingFailed.CheckFailed($"відповідь ffprobe не читається: {e.Message}", $"unreadable ffprobe output: {e.Message}");
        }
    }

    private static async Task<(string Sha256, long Bytes)> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    // Copying runs far faster than real time; a minute plus a tenth of the length covers a slow disk.
    private static TimeSpan Timeout(TimeSpan length) => TimeSpan.FromMinutes(1) + length / 10;
}
