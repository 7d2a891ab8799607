namespace Session.Broadcast.Tests.Support;

/// <summary>
/// A real RTMP receiver: <c>ffmpeg -listen 1 -i rtmp://127.0.0.1:PORT/live/KEY -c copy out.flv</c>.
/// It accepts one publisher and exits when that publisher goes.
/// </summary>
public sealed class RtmpSink : IAsyncDisposable
{
    private readonly ChildProcess process;

    public string OutputFile { get; }

    private RtmpSink(int port, string key, string outputFile)
    {
        OutputFile = outputFile;
        process = new ChildProcess("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "warning", "-listen", "1", "-i", $"rtmp://127.0.0.1:{port}/live/{key}", "-c", "copy", "-y", outputFile]);
    }

    public static async Task<RtmpSink> StartAsync(int port, string key, string outputFile)
    {
        var sink = new RtmpSink(port, key, outputFile);
        // Wait until it listens, so the first connection attempt of the publisher is not refused.
        await Eventually(() => Listening(port), TimeSpan.FromSeconds(20));
        return sink;
    }

    public bool HasExited => process.HasExited;
    public IReadOnlyList<string> Lines => process.Lines;
    public long Bytes => File.Exists(OutputFile) ? new FileInfo(OutputFile).Length : 0;

    public void Kill() => process.Kill();

    public Task<int> WaitAsync(TimeSpan timeout) => process.WaitAsync(timeout);

    private static bool Listening(int port)
    {
        var tcp = File.ReadAllText("/proc/net/tcp");
        return tcp.Contains($":{port:X4} 00000000:0000 0A", StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException("the RTMP sink did not start listening");
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
