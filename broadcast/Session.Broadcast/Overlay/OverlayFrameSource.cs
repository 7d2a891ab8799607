using System.Diagnostics;
using FFMpegCore.Pipes;

namespace Session.Broadcast.Overlay;

/// <summary>
/// Feeds the overlay into FFmpeg as a raw yuva420p video input (converted once per render, see <see cref="YuvaFrame"/>). Rendering is event-driven (<see cref="Publish"/> on a change
/// or the clock's second); this source keeps repeating the latest frame at the overlay rate, paced by FFmpeg pulling it.
/// </summary>
public sealed class OverlayFrameSource(int width, int height, int fps) : IPipeSource
{
    private volatile Frame current = new(YuvaFrame.FromPremultipliedRgba(new byte[width * height * 4], width, height), 0);

    private sealed record Frame(byte[] Yuva, long Version);

    /// <summary>Raised (on the writer thread) the first time a frame version enters the pipe; the bench measures from it.</summary>
    public event Action<long, long>? FirstWritten;

    public long FramesWritten { get; private set; }

    /// <summary>Told of every frame FFmpeg takes in the current run, to date the run's first frame (set before each run).</summary>
    public Recording.RunAnchor? Anchor { get; set; }

    public string GetStreamArguments() => $"-f rawvideo -pix_fmt yuva420p -s {width}x{height} -framerate {fps}";

    /// <summary>Swaps in a newly rendered premultiplied RGBA frame; returns its version.</summary>
    public long Publish(byte[] rgba)
    {
        var next = new Frame(YuvaFrame.FromPremultipliedRgba(rgba, width, height), current.Version + 1);
        current = next;
        return next.Version;
    }

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        long lastVersion = -1, index = 0;
        var anchor = Anchor;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var f = current;
                await outputStream.WriteAsync(f.Yuva, cancellationToken);
                FramesWritten++;
                anchor?.Pulled(index++);
                if (f.Version != lastVersion) { lastVersion = f.Version; FirstWritten?.Invoke(f.Version, Stopwatch.GetTimestamp()); }
            }
        }
        catch (IOException) { /* FFmpeg closed the pipe: it is stopping */ }
        catch (OperationCanceledException) { }
    }
}
