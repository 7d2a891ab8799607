using System.Diagnostics;
using FFMpegCore.Pipes;

namespace Session.Broadcast.Overlay;

/// <summary>
/// Feeds the overlay into FFmpeg as a raw RGBA video input. Rendering is event-driven (<see cref="Publish"/> on a change
/// or the clock's second); this source keeps repeating the latest frame at the overlay rate, paced by FFmpeg pulling it.
/// </summary>
public sealed class OverlayFrameSource(int width, int height, int fps) : IPipeSource
{
    private volatile Frame current = new(new byte[width * height * 4], 0);

    private sealed record Frame(byte[] Rgba, long Version);

    /// <summary>Raised (on the writer thread) the first time a frame version enters the pipe; the bench measures from it.</summary>
    public event Action<long, long>? FirstWritten;

    public long FramesWritten { get; private set; }

    public string GetStreamArguments() => $"-f rawvideo -pix_fmt rgba -s {width}x{height} -framerate {fps}";

    /// <summary>Swaps in a newly rendered frame; returns its version.</summary>
    public long Publish(byte[] rgba)
    {
        if (rgba.Length != width * height * 4) throw new ArgumentException($"expected {width}x{height} RGBA", nameof(rgba));
        var next = new Frame(rgba, current.Version + 1);
        current = next;
        return next.Version;
    }

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        long lastVersion = -1;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var f = current;
                await outputStream.WriteAsync(f.Rgba, cancellationToken);
                FramesWritten++;
                if (f.Version != lastVersion) { lastVersion = f.Version; FirstWritten?.Invoke(f.Version, Stopwatch.GetTimestamp()); }
            }
        }
        catch (IOException) { /* FFmpeg closed the pipe: it is stopping */ }
        catch (OperationCanceledException) { }
    }
}
