using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Ffmpeg;
using Session.Broadcast.Hall;
using Session.Broadcast.Options;

namespace Session.Broadcast.Recording;

/// <summary>
/// Issue 14: a sitting's recording is joined when the sitting closes, while the stream goes on. The archive's segments
/// that cover the sitting (from its opening, or the broadcast's start, to its close plus the loudnorm look-ahead) are
/// joined once the segment holding the close is finished — the segmenter rolls to the next file every
/// <c>--segment-seconds</c>, and the encoder is never restarted or touched for it. Each sitting is joined once; when the
/// broadcast stops first, the pending joins go ahead at once on the finished archive. A joined recording is sent to the
/// hall when an uploader is given.
/// </summary>
public sealed class SittingRecorder(BroadcastOptions options, RecordingUploader? uploader, ILogger<SittingRecorder> log, TimeProvider clock) : IDisposable
{
    /// <summary>loudnorm's look-ahead: the last words before the close reach the archive about this much later.</summary>
    public static readonly TimeSpan LookAhead = TimeSpan.FromSeconds(3);

    private readonly Lock gate = new();
    private readonly HashSet<string> taken = [];
    private readonly List<Task> pending = [];
    private readonly List<RecordingDescriptor> joined = [];
    private readonly SegmentWindow window = new();
    private readonly CancellationTokenSource encoderStopped = new();
    private readonly CancellationTokenSource shutdown = new();
    private EncoderSupervisor? encoder;

    public string RecordingsDir { get; } = options.RecordingsDir ?? Path.Combine(options.ArchiveDir, "recordings");
    public IReadOnlyList<RecordingDescriptor> Recordings { get { lock (gate) return joined.ToList(); } }
    public RecordingFailed? LastError { get; private set; }
    /// <summary>How long each join waited for the segment holding the close to finish (for the docs' measurement).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Waited => waited;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> waited = new();

    public void Attach(EncoderSupervisor supervisor) => encoder = supervisor;

    /// <summary>The sitting has just closed: join it once its segments are finished. A second call for it does nothing.</summary>
    public void Closed(SittingMarks marks)
    {
        if (marks.SittingId is not { } id || marks.ClosedAt is null) return;
        lock (gate)
        {
            if (!taken.Add(id)) return;
            if (marks.OpenedAt is null)
            {
                log.LogInformation("Sitting {Sitting} was already closed when this broadcast began following it: no recording joined", id);
                return;
            }
            pending.Add(Task.Run(() => JoinAsync(marks)));
        }
    }

    /// <summary>
    /// The encoder has stopped: every segment is finished, so pending joins go ahead now; waits for them. Uploads still
    /// under way get <paramref name="uploadGrace"/> more, then stop (the recording stays; <c>join --upload</c> sends it later).
    /// </summary>
    public async Task StopAsync(SittingMarks? current, TimeSpan uploadGrace)
    {
        // The join-at-stop path: a sitting closed just before the stop whose close was not yet handled.
        if (current is { Closed: true }) Closed(current);
        await encoderStopped.CancelAsync();
        shutdown.CancelAfter(uploadGrace);
        Task[] all;
        lock (gate) all = pending.ToArray();
        await Task.WhenAll(all);
    }

    private async Task JoinAsync(SittingMarks marks)
    {
        var id = marks.SittingId!;
        var from = marks.OpenedAt!.Value;
        var to = marks.ClosedAt!.Value + LookAhead;
        try
        {
            var waitedFor = Stopwatch.StartNew();
            await WaitForSegmentsAsync(id, to);
            waited[id] = waitedFor.Elapsed;
            marks.Save(options.ArchiveDir);
            var runs = await window.SelectAsync(FinishedRuns(), from, to, CancellationToken.None);
            var sw = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
            var recording = await RecordingJoiner.JoinAsync(runs, marks, options.ArchiveDir, RecordingsDir, options.RetentionYears, deadline.Token);
            lock (gate) joined.Add(recording);
            log.LogInformation("Recording of sitting {Sitting} joined in {Ms} ms ({Waited:0.0} s after the close): {Path} ({Seconds:0} s from {Segments} segments, {Chapters} chapters, {Votes} vote links, sha256 {Sha}, keep until {Until:yyyy-MM-dd})",
                id, sw.ElapsedMilliseconds, waited[id].TotalSeconds, Path.Combine(RecordingsDir, id, recording.File), recording.DurationSeconds, runs.Sum(r => r.Segments.Count),
                recording.Chapters.Count, recording.Votes.Count(v => v.OffsetSeconds is not null), recording.Sha256, recording.KeepUntil);
        }
        catch (RecordingFailed e)
        {
            LastError = e;
            log.LogError("Запис засідання {Sitting} не зведено / recording of sitting {Sitting} not joined [{Code}]: {Uk} / {En}", id, id, e.Code, e.Uk, e.En);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or OperationCanceledException or ArgumentException)
        {
            LastError = new RecordingFailed("io", $"помилка запису файлу: {e.Message}", $"file error: {e.Message}");
            log.LogError("Запис засідання {Sitting} не зведено / recording of sitting {Sitting} not joined: {Error}", id, id, e.Message);
            return;
        }
        if (uploader is null) return;
        try { await uploader.UploadAsync(Path.Combine(RecordingsDir, id), shutdown.Token); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            log.LogError("Запис засідання {Sitting} не передано до зали / recording of sitting {Sitting} not uploaded: {Error}", id, id, e.Message);
        }
    }

    /// <summary>
    /// Waits until the archive holds the close: a finished segment reaches past <paramref name="to"/>, a later run began
    /// after it, or the encoder stopped. At most two segments and a half a minute: a stuck encoder does not hold the record back.
    /// </summary>
    private async Task WaitForSegmentsAsync(string id, DateTimeOffset to)
    {
        var limit = TimeSpan.FromSeconds(2 * options.SegmentSeconds + 30);
        var sw = Stopwatch.StartNew();
        while (!encoderStopped.IsCancellationRequested)
        {
            if (await CoveredAsync(to)) return;
            if (sw.Elapsed > limit)
            {
                log.LogWarning("Sitting {Sitting}: the segment holding the close did not finish in {Limit} s; joining what is finished", id, limit.TotalSeconds);
                return;
            }
            try { await Task.Delay(TimeSpan.FromSeconds(1), clock, encoderStopped.Token); }
            catch (OperationCanceledException) { }
        }
    }

    private async Task<bool> CoveredAsync(DateTimeOffset to)
    {
        if (encoder?.Writing is not { } live) return true;
        var runs = FinishedRuns();
        if (runs.Any(r => r.StartedAt > to)) return true;
        if (runs.FirstOrDefault(r => r.Stamp == live) is not { } current) return false;
        try
        {
            var placed = await window.PlaceAsync(current, current.Segments.Count, CancellationToken.None);
            return placed.Count > 0 && placed[^1].End >= to;
        }
        catch (RecordingFailed) { return false; }
    }

    /// <summary>
    /// The archive's runs with the segment FFmpeg is still writing left out, each dated by its measured first frame.
    /// The measurement is written beside the run once final (after ten seconds) so <c>join</c> dates it the same way.
    /// </summary>
    private List<ArchiveRun> FinishedRuns()
    {
        var live = encoder?.Writing;
        var measured = new Dictionary<string, DateTimeOffset>();
        foreach (var (stamp, anchor) in encoder?.Runs ?? [])
        {
            if (anchor.Estimate is not { } at) continue;
            measured[stamp] = at;
            if (stamp != live || clock.GetUtcNow() - at > TimeSpan.FromSeconds(11))
                try { ArchiveRun.WriteAnchor(options.ArchiveDir, stamp, at); } catch (IOException) { }
        }
        return ArchiveRun.Find(options.ArchiveDir)
            .Select(r => measured.TryGetValue(r.Stamp, out var at) ? r with { StartedAt = at } : r)
            .Select(r => r.Stamp == live ? r with { Segments = r.Segments.Take(r.Segments.Count - 1).ToList() } : r)
            .ToList();
    }

    public void Dispose()
    {
        uploader?.Dispose();
        encoderStopped.Dispose();
        shutdown.Dispose();
    }
}
