using Microsoft.Extensions.Logging;
using Session.Broadcast.Health;
using Session.Broadcast.Options;
using Session.Broadcast.Outputs;
using Session.Broadcast.Overlay;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.Ffmpeg;

/// <summary>
/// Runs the encoder; when it dies before its time (a camera unplugged, an RTSP feed lost) it is started again after a
/// short backoff, writing new archive segments, while the relay and overlay carry on.
/// </summary>
public sealed class EncoderSupervisor(BroadcastOptions options, OverlayFrameSource? overlay, LiveFeed feed, HealthBoard health,
    SecretMasker masker, TimeProvider clock, ILogger<EncoderSupervisor> log, Interpreter.InterpreterWindow? interpreter = null)
{
    public string? LastArguments { get; private set; }

    private readonly List<(string Stamp, Recording.RunAnchor Anchor)> runs = [];
    /// <summary>The runs this supervisor started: archive stamp (<see cref="Recording.ArchiveRun.Stamp"/>) and the
    /// measured time of its first frame, oldest first.</summary>
    public IReadOnlyList<(string Stamp, Recording.RunAnchor Anchor)> Runs { get { lock (runs) return runs.ToList(); } }

    /// <summary>The stamp of the run FFmpeg is writing now (its last segment is unfinished); null between runs and after.</summary>
    public string? Writing { get; private set; }

    /// <summary>Completes when the configured duration has been encoded, or on cancellation.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            var startedAt = clock.GetUtcNow();
            var anchor = new Recording.RunAnchor(options.OverlayFps, clock);
            if (overlay is not null) overlay.Anchor = anchor;
            lock (runs) runs.Add((Recording.ArchiveRun.StampOf(startedAt), anchor));
            var processor = EncoderCommand.Build(options, overlay, interpreter, feed, startedAt)
                .NotifyOnStandardError(OnLine)
                .CancellableThrough(ct, TimeSpan.FromSeconds(5));
            LastArguments = masker.Apply(processor.Arguments);
            log.LogInformation("Starting encoder: ffmpeg {Arguments}", LastArguments);
            health.Encoder(true);
            Writing = Recording.ArchiveRun.StampOf(startedAt);
            int exitCode = -1;
            IReadOnlyList<string> stderr = [];
            try
            {
                var result = await processor.ProcessAsynchronously(throwOnError: false);
                (exitCode, stderr) = (result.ExitCode, result.StandardError);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError("Encoder failed to run: {Error}", masker.Apply(e.Message));
            }
            finally { Writing = null; health.Encoder(false); }
            if (ct.IsCancellationRequested) break;
            if (exitCode == 0 && options.Duration is not null)
            {
                log.LogInformation("Encoder finished the requested {Duration} s", options.Duration.Value.TotalSeconds);
                return;
            }
            var tail = string.Join(" | ", stderr.TakeLast(3).Select(masker.Apply));
            log.LogWarning("Encoder exited with code {Code} ({Tail}); restarting in {Delay} s", exitCode, tail, backoff.TotalSeconds);
            try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { break; }
            backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, 10));
        }
    }

    private void OnLine(string line)
    {
        if (StderrLine.ParseLoudness(line) is { } l) { health.Loudness(l); return; }
        if (StderrLine.ParseProgress(line) is { } p) { health.Progress(p); return; }
        if (line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("failed", StringComparison.OrdinalIgnoreCase)
            || line.Contains("Opening '", StringComparison.Ordinal))
            log.LogInformation("ffmpeg: {Line}", masker.Apply(line));
        else
            log.LogDebug("ffmpeg: {Line}", masker.Apply(line));
    }
}
