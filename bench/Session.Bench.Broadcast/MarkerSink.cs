using System.Diagnostics;

namespace Session.Bench.Broadcast;

/// <summary>
/// An RTMP sink that decodes as frames arrive (<c>ffmpeg -listen 1</c>) and reduces each to the mean colour of two
/// regions (the camera marker and the result board's verdict strip), stamped with the arrival time.
/// </summary>
public sealed class MarkerSink : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task reading;
    private readonly List<(long At, byte[] Px)> frames = [];

    public MarkerSink(int port, string key, (int X, int Y, int W, int H) a, (int X, int Y, int W, int H) b)
    {
        var graph = $"split[p][q];[p]crop={a.W}:{a.H}:{a.X}:{a.Y},scale=1:1:flags=area[x];[q]crop={b.W}:{b.H}:{b.X}:{b.Y},scale=1:1:flags=area[y];[x][y]hstack";
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var s in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-listen", "1", "-i", $"rtmp://127.0.0.1:{port}/live/{key}",
                     "-an", "-vf", graph, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1" }) psi.ArgumentList.Add(s);
        process = Process.Start(psi)!;
        _ = process.StandardError.ReadToEndAsync();
        reading = Task.Run(async () =>
        {
            var px = new byte[6];
            try
            {
                while (true)
                {
                    await process.StandardOutput.BaseStream.ReadExactlyAsync(px);
                    lock (frames) frames.Add((Stopwatch.GetTimestamp(), (byte[])px.Clone()));
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException) { }
        });
    }

    public int Count { get { lock (frames) return frames.Count; } }

    /// <summary>Arrival time of the first frame after index <paramref name="from"/> whose region (0 or 1) matches.</summary>
    public long? FirstAfter(int from, int region, Func<(int R, int G, int B), bool> match)
    {
        lock (frames)
            for (int i = from; i < frames.Count; i++)
            {
                var p = frames[i].Px;
                if (match((p[region * 3], p[region * 3 + 1], p[region * 3 + 2]))) return frames[i].At;
            }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!process.HasExited) process.Kill(true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }
}
