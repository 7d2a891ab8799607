using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Chapters;
using Session.Broadcast.Ffmpeg;
using Session.Broadcast.Hall;
using Session.Broadcast.Health;
using Session.Broadcast.Options;
using Session.Broadcast.Outputs;
using Session.Broadcast.Overlay;
using Session.Broadcast.Secrets;
using Session.Core.Wire;

namespace Session.Broadcast;

/// <summary>
/// The broadcast process: follows the sitting, renders the overlay on change, supervises the encoder (archive, live
/// feed, HLS) and the RTMP relay, reports health, writes chapters. Returns the process exit code.
/// </summary>
public sealed class BroadcastHost(BroadcastOptions options, ILoggerFactory logs, SecretMasker masker, TimeProvider clock) : IDisposable
{
    private readonly ILogger log = logs.CreateLogger<BroadcastHost>();
    private readonly Lock gate = new();
    private readonly HashSet<string> closedVotes = [];
    private readonly Stopwatch streamClock = new();
    private SittingView? view;
    private TallyUpdate? tally;
    private (string VoteId, DateTimeOffset Seen)? closedSeen;
    private bool connected;
    private bool firstView = true;
    private OverlayRenderer? renderer;
    private static readonly TimeSpan MinRenderInterval = TimeSpan.FromMilliseconds(100);
    private long lastRender;
    private int renderPending;

    public OverlayFrameSource Overlay { get; } = new(options.Width, options.Height, options.OverlayFps);
    public HealthBoard Health { get; } = new(options.LoudnessLufs, clock);
    public LiveFeed Feed { get; } = new();
    public ChapterRecorder Chapters { get; } = new(options.ChaptersPath ?? Path.Combine(options.ArchiveDir, "chapters.txt"));
    public OverlayScene? LastScene { get; private set; }
    /// <summary>The encoder command line, key masked (for the operator's notes and the benchmark report).</summary>
    public string? EncoderArguments => encoder?.LastArguments;

    /// <summary>Raised after a scene is published to the overlay input with the frame's version.</summary>
    public event Action<OverlayScene, long>? ScenePublished;

    private EncoderSupervisor? encoder;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var caps = await FfmpegCapabilities.ProbeAsync(ct);
        log.LogInformation("FFmpeg: {Version}", caps.Version);
        var missing = caps.Missing(FfmpegCapabilities.Required);
        if (missing.Count > 0)
        {
            log.LogError("This FFmpeg lacks what the broadcast needs: {Missing}. Install Debian's ffmpeg package (apt-get install ffmpeg).", string.Join("; ", missing));
            return 3;
        }
        foreach (var m in caps.Missing(FfmpegCapabilities.Optional)) log.LogWarning("FFmpeg lacks optional {Missing}", m);
        if (options.HlsDir is not null && !caps.Has("muxer", "hls")) { log.LogError("--hls given but FFmpeg has no hls muxer"); return 3; }
        if (options.RtmpBase?.StartsWith("rtmps", StringComparison.OrdinalIgnoreCase) == true && !caps.Has("protocol", "rtmps"))
        { log.LogError("--rtmp is rtmps:// but FFmpeg has no rtmps protocol (needs a TLS-enabled build)"); return 3; }

        renderer = new OverlayRenderer(options.Width, options.Height);
        if (!renderer.FontsFound) log.LogWarning("Noto Sans not found at {Path}: install fonts-noto-core for correct Ukrainian text", OverlayRenderer.RegularFont);
        Rerender();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcher = new PublicWatcher(options.Hall, logs.CreateLogger<PublicWatcher>());
        watcher.Sitting += OnSitting;
        watcher.Tally += t => { lock (gate) tally = t; RequestRender(); };
        watcher.Connected += c => { lock (gate) connected = c; Rerender(); };

        encoder = new EncoderSupervisor(options, Overlay, Feed, Health, masker, clock, logs.CreateLogger<EncoderSupervisor>());
        var tasks = new List<Task> { watcher.RunAsync(stop.Token), TickAsync(stop.Token) };
        Task? relay = null;
        if (options.IngestUrl() is { } url)
            tasks.Add(relay = new RtmpRelay(Feed, url, masker, Health, options.ReconnectMax, logs.CreateLogger<RtmpRelay>()).RunAsync(stop.Token));
        else log.LogInformation("No --rtmp: recording the archive only");
        HealthReporter? reporter = null;
        if (options.HallKey is { } key)
        {
            reporter = new HealthReporter(options.Hall, key, Snapshot, clock, logs.CreateLogger<HealthReporter>());
            tasks.Add(reporter.RunAsync(stop.Token));
        }
        else log.LogWarning("No hall terminal key ({Variable} or --hall-key-file): stream health is not reported to the console", CommandLine.HallKeyVariable);

        streamClock.Start();
        try
        {
            await encoder.RunAsync(stop.Token);
            // The requested duration is recorded (not a stop request): let the relay send what it has, then stop.
            Feed.Complete();
            if (relay is not null && !ct.IsCancellationRequested)
            {
                try { await relay.WaitAsync(TimeSpan.FromSeconds(20), ct); }
                catch (TimeoutException) { log.LogWarning("The ingest relay did not finish in 20 s"); }
                catch (OperationCanceledException) { }
            }
        }
        finally
        {
            stop.Cancel();
            try { await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
            WriteChapters();
            await watcher.DisposeAsync();
            if (reporter is not null) await reporter.DisposeAsync();
        }
        return 0;
    }

    public StreamHealth Snapshot()
    {
        int segments = Directory.Exists(options.ArchiveDir) ? Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Length : 0;
        var health = Health.Snapshot(segments);
        // FFmpeg prints bitrate=N/A for a tee output; the live feed's byte count is the muxed stream's real rate.
        return health with { BitrateKbps = health.BitrateKbps ?? bitrate.Sample(Feed.BytesIn) };
    }

    private readonly BitrateMeter bitrate = new();

    private void OnSitting(SittingView v)
    {
        bool sittingClosed;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var vote in v.Votes.Where(x => x.Status == "closed"))
                if (closedVotes.Add(vote.VoteId) && !firstView) closedSeen = (vote.VoteId, now);
            firstView = false;
            view = v;
            sittingClosed = Chapters.Observe(v, streamClock.Elapsed);
        }
        Rerender();
        if (sittingClosed) WriteChapters();
    }

    private void WriteChapters()
    {
        try
        {
            var chapters = Chapters.Write(streamClock.Elapsed);
            if (chapters.Count == 0) return;
            log.LogInformation("Chapters written to {Path} ({Count})", Chapters.Path, chapters.Count);
            if (chapters.Count < ChapterList.MinCount)
                log.LogWarning("Only {Count} chapters: YouTube shows chapters only from {Min}", chapters.Count, ChapterList.MinCount);
        }
        catch (IOException e) { log.LogError("Cannot write chapters to {Path}: {Error}", Chapters.Path, e.Message); }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        // The clock and countdowns change once a second; nothing else re-renders without an event.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        try { while (await timer.WaitForNextTickAsync(ct)) RequestRender(); }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Tally pushes and clock ticks render at most every <see cref="MinRenderInterval"/>; a structural change (a vote
    /// closed, an item started, a recess) renders at once, since that is what viewers wait for.
    /// </summary>
    private void RequestRender()
    {
        var since = Stopwatch.GetElapsedTime(Interlocked.Read(ref lastRender));
        if (since >= MinRenderInterval) { Rerender(); return; }
        if (Interlocked.Exchange(ref renderPending, 1) == 1) return;
        _ = Task.Delay(MinRenderInterval - since).ContinueWith(_ => { Volatile.Write(ref renderPending, 0); Rerender(); }, TaskScheduler.Default);
    }

    private void Rerender()
    {
        if (renderer is null) return;
        lock (gate)
        {
            Interlocked.Exchange(ref lastRender, Stopwatch.GetTimestamp());
            var scene = OverlayScene.Compose(view, tally, clock.GetUtcNow(), connected, closedSeen);
            if (scene == LastScene) return;
            var version = Overlay.Publish(renderer.Render(scene));
            LastScene = scene;
            ScenePublished?.Invoke(scene, version);
        }
    }

    public void Dispose() => renderer?.Dispose();
}
