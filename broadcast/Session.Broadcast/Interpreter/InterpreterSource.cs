using System.Globalization;
using FFMpegCore;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Options;

namespace Session.Broadcast.Interpreter;

/// <summary>
/// Decodes the interpreter's camera (<c>--interpreter</c>) in its own FFmpeg process, scaled to the window, into
/// <see cref="InterpreterWindow"/>. A separate process so a lost interpreter feed (an RTSP camera rebooting) is restarted
/// on its own while the encoder and the archive run on; the window keeps the last picture meanwhile.
/// </summary>
public sealed class InterpreterSource(VideoSource source, InterpreterWindow window, int fps, ILogger log)
{
    public bool Live { get; private set; }

    /// <summary>The test source: FFmpeg's moving testsrc2 turned blue-grey, so it is told apart from the main test pattern.</summary>
    public const string TestPatternFilter = "hue=s=0,colorchannelmixer=rr=0.3:gg=0.6:bb=1.0";

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            var sink = new FrameSink(window, () => { Live = true; backoff = TimeSpan.FromSeconds(1); });
            try
            {
                var processor = Input().OutputToPipe(sink, o => o
                        .WithCustomArgument($"-an -vf \"{Filter()}\" -pix_fmt yuv420p")
                        .ForceFormat("rawvideo"))
                    .CancellableThrough(ct, TimeSpan.FromSeconds(3));
                log.LogInformation("Starting interpreter source: ffmpeg {Arguments}", processor.Arguments);
                var result = await processor.ProcessAsynchronously(throwOnError: false);
                if (ct.IsCancellationRequested) break;
                log.LogWarning("Interpreter source exited with code {Code} ({Tail}); restarting in {Delay} s",
                    result.ExitCode, string.Join(" | ", result.StandardError.TakeLast(2)), backoff.TotalSeconds);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e) { log.LogWarning("Interpreter source failed: {Error}; restarting in {Delay} s", e.Message, backoff.TotalSeconds); }
            Live = false;
            try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { break; }
            backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, 10));
        }
        Live = false;
    }

    private FFMpegArguments Input()
    {
        var size = $"{window.Width}x{window.Height}";
        var rate = fps.ToString(CultureInfo.InvariantCulture);
        return source switch
        {
            VideoSource.TestPattern => FFMpegArguments.FromUrlInput($"testsrc2=size={size}:rate={rate}", i => i.WithCustomArgument("-re").ForceFormat("lavfi")),
            VideoSource.V4l2 v => FFMpegArguments.FromDeviceInput(v.Device, i => i.WithCustomArgument("-thread_queue_size 64").ForceFormat("v4l2")),
            VideoSource.Rtsp r => FFMpegArguments.FromUrlInput(new Uri(r.Url), i => i.WithCustomArgument("-rtsp_transport tcp")),
            VideoSource.File f => FFMpegArguments.FromFileInput(f.Path, verifyExists: false, i => i.WithCustomArgument("-re -stream_loop -1")),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "not an interpreter source"),
        };
    }

    private string Filter()
    {
        var w = window.Width; var h = window.Height;
        var fit = $"scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={fps},format=yuv420p";
        return source is VideoSource.TestPattern ? $"{TestPatternFilter},{fit}" : fit;
    }

    /// <summary>Reads whole yuv420p frames off FFmpeg's stdout into the window.</summary>
    private sealed class FrameSink(InterpreterWindow window, Action firstFrame) : IPipeSink
    {
        public string GetStreamArguments() => "";

        public async Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
        {
            var frame = new byte[window.Width * window.Height * 3 / 2];
            bool first = true;
            try
            {
                while (true)
                {
                    await inputStream.ReadExactlyAsync(frame, cancellationToken);
                    window.Offer(frame);
                    if (first) { first = false; firstFrame(); }
                }
            }
            catch (EndOfStreamException) { }
            catch (IOException) { }
            catch (OperationCanceledException) { }
        }
    }
}
