using SkiaSharp;

namespace Session.Broadcast.Tests.Support;

/// <summary>
/// An RTMP sink that decodes as it receives: <c>ffmpeg -listen 1 -i rtmp://… -vf crop=…,scale=1:1 -f rawvideo rgb24 pipe:1</c>,
/// so a test can watch the mean colour of one region of the picture, frame by frame, as it arrives.
/// </summary>
public sealed class LiveDecoder : IAsyncDisposable
{
    private readonly ChildProcess process;
    private readonly Task reading;
    private readonly List<(double R, double G, double B, long At)> frames = [];

    /// <param name="host">The address it listens on (a <see cref="Session.Testing.HallNetwork"/>'s staff address for a broadcast in its terminals' box).</param>
    public LiveDecoder(int port, string key, int width, SKRect design, string host = "127.0.0.1")
    {
        float s = width / 1920f;
        int x = (int)(design.Left * s) + 2, y = (int)(design.Top * s) + 2, w = (int)(design.Width * s) - 4, h = (int)(design.Height * s) - 4;
        process = new ChildProcess("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "warning", "-listen", "1", "-i", $"rtmp://{host}:{port}/live/{key}",
             "-an", "-vf", $"crop={w}:{h}:{x}:{y},scale=1:1:flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], captureStdout: false);
        reading = Task.Run(ReadAsync);
    }

    public int Count { get { lock (frames) return frames.Count; } }

    /// <summary>The receiving FFmpeg's warnings (e.g. "Unexpected stream X, expecting KEY" when the publisher named another stream).</summary>
    public IReadOnlyList<string> Lines => process.Lines;

    public IReadOnlyList<(double R, double G, double B, long At)> Frames { get { lock (frames) return frames.ToList(); } }

    public (double R, double G, double B)? Latest { get { lock (frames) return frames.Count == 0 ? null : (frames[^1].R, frames[^1].G, frames[^1].B); } }

    private async Task ReadAsync()
    {
        var px = new byte[3];
        var stream = process.StandardOutput;
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(px);
                lock (frames) frames.Add((px[0], px[1], px[2], System.Diagnostics.Stopwatch.GetTimestamp()));
            }
        }
        catch (EndOfStreamException) { }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        try { await reading.WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
    }
}
