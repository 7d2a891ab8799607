using System.Diagnostics;
using FFMpegCore.Pipes;

namespace Session.Bench.Broadcast;

/// <summary>
/// A camera written by the bench: grey yuv420p frames at a steady real-time rate, with a white square at the left
/// corner once <see cref="Flip"/> is called. The square travels the plain video path (no overlay), so the time from
/// Flip to its arrival at the sink is the pass-through latency.
/// </summary>
public sealed class SyntheticCamera(int width, int height, int fps) : IPipeSource
{
    // Left middle: clear of the live bug, the lower third and the vote panels.
    public static readonly (int X, int Y, int W, int H) Marker = (16, 140, 96, 96);
    private volatile bool lit;

    public void Flip(bool on) => lit = on;

    public string GetStreamArguments() => $"-f rawvideo -pix_fmt yuv420p -s {width}x{height} -framerate {fps}";

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        var dark = Frame(false);
        var bright = Frame(true);
        var start = Stopwatch.GetTimestamp();
        long n = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await outputStream.WriteAsync(lit ? bright : dark, cancellationToken);
                n++;
                var due = TimeSpan.FromSeconds((double)n / fps) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero) await Task.Delay(due, cancellationToken);
            }
        }
        catch (IOException) { }
        catch (OperationCanceledException) { }
    }

    private byte[] Frame(bool on)
    {
        var f = new byte[width * height * 3 / 2];
        Array.Fill(f, (byte)60, 0, width * height);
        Array.Fill(f, (byte)128, width * height, width * height / 2);
        if (on)
            for (int y = Marker.Y; y < Marker.Y + Marker.H; y++)
                Array.Fill(f, (byte)235, y * width + Marker.X, Marker.W);
        return f;
    }
}
