using Microsoft.Extensions.Logging;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.Tests.Support;

/// <summary>The real broadcast host (FFmpeg, SkiaSharp, SignalR client) running in the test process, its log captured.</summary>
public sealed class BroadcastRun : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter logText = new();
    private readonly ILoggerFactory logs;

    public BroadcastHost Host { get; }
    public BroadcastOptions Options { get; }
    public Task<int> Running { get; }
    public string Dir { get; }

    private BroadcastRun(BroadcastOptions options, string dir)
    {
        Options = options;
        Dir = dir;
        var masker = new SecretMasker();
        masker.Add(options.StreamKey);
        masker.Add(options.HallKey);
        masker.AddUrl(options.CaptionsUrl);
        logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new MaskedLoggerProvider(TextWriter.Synchronized(logText), masker, LogLevel.Debug)));
        Host = new BroadcastHost(options, logs, masker, TimeProvider.System);
        Running = Task.Run(() => Host.RunAsync(stop.Token));
    }

    public static string NewDir() => Directory.CreateTempSubdirectory("session-broadcast-").FullName;

    /// <summary>Small and short by default so the suite stays fast on two cores.</summary>
    public static BroadcastOptions Defaults(string dir, Uri? hall = null) => new()
    {
        Hall = hall ?? new Uri("http://127.0.0.1:1"),
        Source = new VideoSource.TestPattern(),
        ArchiveDir = Path.Combine(dir, "archive"),
        ChaptersPath = Path.Combine(dir, "chapters.txt"),
        Width = 640, Height = 360, Fps = 25, OverlayFps = 25, VideoKbps = 800,
        Preset = "superfast", SegmentSeconds = 4, ReconnectMax = TimeSpan.FromSeconds(4),
    };

    public static BroadcastRun Start(BroadcastOptions options, string dir) => new(options, dir);

    public string Log => logText.ToString();

    public async Task<int> StopAsync()
    {
        stop.Cancel();
        return await Running.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Running.IsCompleted)
        {
            stop.Cancel();
            try { await Running.WaitAsync(TimeSpan.FromSeconds(60)); } catch (Exception) { }
        }
        Host.Dispose();
        logs.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
