using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Captions;
using Session.Broadcast.Captions.Stt;
using Session.Broadcast.Camera;
using Session.Broadcast.Chapters;
using Session.Broadcast.Ffmpeg;
using Session.Broadcast.Hall;
using Session.Broadcast.Health;
using Session.Broadcast.Interpreter;
using Session.Broadcast.Options;
using Session.Broadcast.Outputs;
using Session.Broadcast.Overlay;
using Session.Broadcast.Recording;
using Session.Broadcast.Secrets;
using Session.Broadcast.YouTube;
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
    public CaptionTrack Captions { get; } = new(options.CaptionHold);
    /// <summary>The sitting followed now: its opening, item starts and vote openings in wall-clock time, for its recording.</summary>
    public SittingMarks Marks { get; private set; } = new();
    /// <summary>Joins each sitting's recording when it closes (and sends it to the hall with a terminal key).</summary>
    public SittingRecorder Recorder { get; } = new(options,
        options.HallKey is { } hallKey && options.UploadRecordings ? new RecordingUploader(options.Hall, hallKey, options.HallCa, logs.CreateLogger<RecordingUploader>(), clock) : null,
        logs.CreateLogger<SittingRecorder>(), clock);
    /// <summary>The last recording joined; null before, or when none could be.</summary>
    public RecordingDescriptor? Recording => Recorder.Recordings.LastOrDefault();
    /// <summary>Why the last recording could not be joined, when it could not.</summary>
    public RecordingFailed? RecordingError => Recorder.LastError;
    /// <summary>Null without a caption URL.</summary>
    public YouTubeCaptionPoster? CaptionPoster { get; private set; }
    private WebVttWriter? vtt;
    public OverlayScene? LastScene { get; private set; }
    /// <summary>The interpreter window (null without <c>--interpreter</c>); switched by <see cref="Control"/>.</summary>
    public InterpreterWindow? Interpreter { get; } = options.Interpreter is null ? null
        : new InterpreterWindow(OverlayLayout.InterpreterPixels(options.InterpreterCorner, options.Width, options.Height).Width,
            OverlayLayout.InterpreterPixels(options.InterpreterCorner, options.Width, options.Height).Height, options.OverlayFps, options.InterpreterOnAtStart);
    private InterpreterSource? interpreterSource;
    /// <summary>The YouTube event (null without <c>--youtube-client</c>).</summary>
    public YouTubeLifecycle? YouTube { get; private set; }
    /// <summary>The camera that follows the floor (null without <c>--camera</c>).</summary>
    public CameraDirector? Camera { get; private set; }
    private (string Uk, string En)? controlError;
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
        var watcher = new PublicWatcher(options.Hall, logs.CreateLogger<PublicWatcher>(), options.HallCa);
        watcher.Sitting += OnSitting;
        watcher.Tally += t => { lock (gate) tally = t; RequestRender(); };
        watcher.Connected += c => { lock (gate) connected = c; Rerender(); };

        encoder = new EncoderSupervisor(options, Overlay, Feed, Health, masker, clock, logs.CreateLogger<EncoderSupervisor>(), Interpreter);
        Recorder.Attach(encoder);
        var tasks = new List<Task> { watcher.RunAsync(stop.Token), TickAsync(stop.Token) };
        tasks.AddRange(StartCaptions(watcher, stop.Token));
        if (Interpreter is not null && options.Interpreter is { } interpreter)
        {
            interpreterSource = new InterpreterSource(interpreter, Interpreter, options.OverlayFps, logs.CreateLogger<InterpreterSource>());
            tasks.Add(interpreterSource.RunAsync(stop.Token));
        }
        using var cameraLink = options.Camera is { } target ? CameraLinks.Open(target) : null;
        if (cameraLink is not null && options.CameraPresets is { } presets)
        {
            Camera = new CameraDirector(presets, cameraLink, options.CameraHold, clock, logs.CreateLogger<CameraDirector>());
            if (view is { } seen) Camera.Observe(seen);
            tasks.Add(Camera.RunAsync(stop.Token));
            log.LogInformation("Camera {Camera}: {Count} seat presets, overview {Overview}, hold {Hold} s", options.Camera, presets.Seats.Count, presets.Overview, options.CameraHold.TotalSeconds);
        }
        Task? relay = null;
        if (options.RtmpBase is { } rtmp && options.StreamKey is { } streamKey)
            tasks.Add(relay = new RtmpRelay(Feed, rtmp, streamKey, masker, Health, options.ReconnectMax, logs.CreateLogger<RtmpRelay>()).RunAsync(stop.Token));
        else if (options.YouTube is { } youTube)
        {
            YouTube = new YouTubeLifecycle(youTube, masker, clock, logs.CreateLogger<YouTubeLifecycle>());
            tasks.Add(relay = RunYouTubeAsync(YouTube, stop.Token));
        }
        else log.LogInformation("No --rtmp: recording the archive only");
        HealthReporter? reporter = null;
        if (options.HallKey is { } key)
        {
            reporter = new HealthReporter(options.Hall, key, Snapshot, clock, logs.CreateLogger<HealthReporter>(), r => Control(r), options.HallCa);
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
            if (YouTube is not null)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await YouTube.CompleteAsync(Chapters.Chapters(streamClock.Elapsed), streamClock.Elapsed, deadline.Token);
            }
            vtt?.Finish(streamClock.Elapsed);
            await Recorder.StopAsync(Marks, uploadGrace: TimeSpan.FromSeconds(30));
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
        var error = controlError;
        var youTube = YouTube?.Status;
        return health with
        {
            BitrateKbps = health.BitrateKbps ?? bitrate.Sample(Feed.BytesIn),
            Interpreter = Interpreter is null ? null : Interpreter.On ? "on" : "off",
            InterpreterSource = Interpreter is null ? null : interpreterSource?.Live == true ? "live" : "lost",
            Camera = Camera?.State,
            ControlErrorUk = error?.Uk, ControlErrorEn = error?.En,
            YouTube = youTube?.State.ToString().ToLowerInvariant(), YouTubeId = YouTube?.BroadcastId,
            YouTubeErrorUk = youTube?.Uk, YouTubeErrorEn = youTube?.En,
        };
    }

    /// <summary>
    /// A control from the secretary's stream panel. The interpreter window switches at once (a flag on its input and a
    /// re-render of the graphics around it; the encoder runs on); camera presets go to the camera director. A control
    /// this broadcast cannot follow is answered in the health report, in Ukrainian and English.
    /// </summary>
    public bool Control(StreamControlRequest request)
    {
        (string, string)? refused = null;
        switch (request.Action)
        {
            case StreamControlRequest.InterpreterOn or StreamControlRequest.InterpreterOff when Interpreter is not null:
                Interpreter.On = request.Action == StreamControlRequest.InterpreterOn;
                log.LogInformation("Interpreter window {State}", Interpreter.On ? "on" : "off");
                Rerender();
                break;
            case StreamControlRequest.InterpreterOn or StreamControlRequest.InterpreterOff:
                refused = ("вікно перекладача не налаштоване (--interpreter)", "no interpreter window is configured (--interpreter)");
                break;
            case StreamControlRequest.CameraPreset when Camera is not null:
                if (!Camera.Manual(request.Preset ?? "")) refused = ($"немає пресета «{request.Preset}» у файлі пресетів", $"no preset '{request.Preset}' in the presets file");
                break;
            case StreamControlRequest.CameraAuto when Camera is not null:
                Camera.Release();
                break;
            case StreamControlRequest.CameraPreset or StreamControlRequest.CameraAuto:
                refused = ("камера не налаштована (--camera)", "no camera is configured (--camera)");
                break;
            default:
                refused = ("невідома команда трансляції", "unknown stream control");
                break;
        }
        controlError = refused;
        if (refused is { } r) log.LogWarning("Stream control {Action} refused: {Reason}", request.Action, r.Item2);
        return refused is null;
    }

    private readonly BitrateMeter bitrate = new();

    /// <summary>
    /// Issue 14 item 5: the event and stream are created while the encoder already records; the relay publishes to the
    /// stream YouTube gave, the stream's caption URL feeds the caption poster, and the event goes live once YouTube
    /// receives the stream. A refusal is on the panel; the archive never waits for any of it.
    /// </summary>
    private async Task RunYouTubeAsync(YouTubeLifecycle youTube, CancellationToken ct)
    {
        SittingView? Current() { lock (gate) return view; }
        if (await youTube.CreateAsync(Current, ct) is not { } stream) return;
        var work = new List<Task> { new RtmpRelay(Feed, stream.IngestionAddress, stream.StreamName, masker, Health, options.ReconnectMax, logs.CreateLogger<RtmpRelay>()).RunAsync(ct) };
        if (stream.CaptionsUrl is { } url && CaptionPoster is null)
        {
            CaptionPoster = new YouTubeCaptionPoster(url, captionHttp, logs.CreateLogger<YouTubeCaptionPoster>());
            work.Add(CaptionPoster.RunAsync(ct));
            log.LogInformation("Captions are posted to the YouTube stream's caption URL (kept secret)");
        }
        // Waiting for YouTube to see the stream ends with the relay (the requested duration was recorded).
        using var relayDone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _ = work[0].ContinueWith(_ => { try { relayDone.Cancel(); } catch (ObjectDisposedException) { } }, TaskScheduler.Default);
        await youTube.GoLiveAsync(stream.Id, () => streamClock.Elapsed, relayDone.Token);
        await work[0];
        // The caption poster stops with the broadcast (ct), not with the relay.
        if (work.Count > 1 && ct.IsCancellationRequested) await work[1];
    }

    /// <summary>
    /// Captions (issue 14): every source's lines go to the picture, the WebVTT file beside the archive and, with a caption
    /// URL, to YouTube — each off the encoder's path.
    /// </summary>
    private IEnumerable<Task> StartCaptions(PublicWatcher watcher, CancellationToken ct)
    {
        var tasks = new List<Task>();
        try { vtt = new WebVttWriter(options.CaptionsVttPath ?? Path.Combine(options.ArchiveDir, "captions.vtt"), options.CaptionHold); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("Cannot write the captions' WebVTT file: {Error}; captions still show in the picture", e.Message);
        }
        if (options.CaptionsUrl is { } url)
        {
            CaptionPoster = new YouTubeCaptionPoster(url, captionHttp, logs.CreateLogger<YouTubeCaptionPoster>());
            tasks.Add(CaptionPoster.RunAsync(ct));
            log.LogInformation("Captions are posted to the caption URL (kept secret)");
        }
        List<ICaptionSource> sources = [new HallCaptionSource(watcher)];
        if (options.SttModelPath is { } model)
            sources.Add(new WhisperCaptionSource(model, options.SttLanguage, () => OpenSttAudio(ct), clock, logs.CreateLogger<WhisperCaptionSource>()));
        foreach (var source in sources)
        {
            log.LogInformation("Caption source: {Source}", source.Name);
            tasks.Add(Task.Run(() => source.RunAsync(OnCaption, ct), CancellationToken.None));
        }
        return tasks;
    }

    private readonly HttpClient captionHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    private Stream OpenSttAudio(CancellationToken ct)
    {
        var process = AudioTap.Start(options);
        ct.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } });
        return process.StandardOutput.BaseStream;
    }

    private void OnCaption(Session.Core.Wire.CaptionLine line)
    {
        Captions.Add(line, clock.GetUtcNow());
        vtt?.Add(line, streamClock.Elapsed);
        CaptionPoster?.Offer(line);
        RequestRender();
    }

    /// <summary>A sitting view as the hall pushes it (internal: tests feed views without a hall).</summary>
    internal void OnSitting(SittingView v)
    {
        bool sittingClosed, marksClosed;
        SittingMarks marks;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var vote in v.Votes.Where(x => x.Status == "closed"))
                if (closedVotes.Add(vote.VoteId) && !firstView) closedSeen = (vote.VoteId, now);
            firstView = false;
            view = v;
            sittingClosed = Chapters.Observe(v, streamClock.Elapsed);
            // The next sitting gets marks of its own; the closed one's stay as they were while its recording is joined.
            if (Marks.SittingId is not null && Marks.SittingId != v.SittingId) Marks = new SittingMarks();
            marks = Marks;
            marksClosed = marks.Observe(v, now);
        }
        Camera?.Observe(v);
        Rerender();
        if (sittingClosed) WriteChapters();
        if (marksClosed) Recorder.Closed(marks);
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
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                vtt?.Tick(streamClock.Elapsed);
                RequestRender();
            }
        }
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
            var now = clock.GetUtcNow();
            var scene = OverlayScene.Compose(view, tally, now, connected, closedSeen,
                Interpreter is { On: true } ? options.InterpreterCorner : null) with { Caption = Captions.Current(now) };
            if (scene == LastScene) return;
            var version = Overlay.Publish(renderer.Render(scene));
            LastScene = scene;
            ScenePublished?.Invoke(scene, version);
        }
    }

    public void Dispose()
    {
        renderer?.Dispose();
        vtt?.Dispose();
        captionHttp.Dispose();
        Recorder.Dispose();
        YouTube?.Dispose();
    }
}
