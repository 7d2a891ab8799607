using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Broadcast;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;
using Session.Core.Wire;
using Session.Testing;

namespace Session.Bench.Broadcast;

/// <summary>
/// Issue 14 item 2's latencies with real parts: a caption line sent on the hall's <c>/hubs/captions</c> → its ack, a
/// viewer of the public relay, the overlay (scene published), and the first frame with the caption box decoded at an
/// RTMP sink. Usage: <c>dotnet run --project bench/Session.Bench.Broadcast -- --captions [--lines 12] [--out PATH]</c>.
/// </summary>
public static class CaptionBench
{
    public static async Task<int> RunAsync(int lines, string output)
    {
        var inv = CultureInfo.InvariantCulture;
        var work = Directory.CreateTempSubdirectory("session-bench-captions-").FullName;
        var masker = new SecretMasker();
        var logFile = new StreamWriter(Path.Combine(work, "broadcast.log")) { AutoFlush = true };
        using var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new MaskedLoggerProvider(TextWriter.Synchronized(logFile), masker)));
        const string Key = "bench-captions-key";
        masker.Add(new Secret(Key));
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();

        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { ExtraArgs = ["--Hall:PublicRelay:Enabled=true"] });
        var relay = await hall.PublicRelayUrlAsync();
        var viewer = hall.BuildConnectionAt(relay, HubNames.PublicPath, messagePack: true);
        var viewed = new Dictionary<long, long>();
        viewer.On<CaptionLine>(HubNames.Caption, l => { lock (viewed) viewed.TryAdd(l.Seq, Stopwatch.GetTimestamp()); });
        await viewer.StartAsync();

        const int W = 640, H = 360;
        float s = W / 1920f;
        // Inside a one-line caption box, left of the centred text (CaptionLayer), and a strip of the sky as the second region.
        var box = ((int)(110 * s) + 2, (int)(940 * s) + 2, (int)(290 * s) - 4, (int)(72 * s) - 4);
        int port = FreePort();
        await using var sink = new MarkerSink(port, Key, box, (2, 2, 8, 8));
        await Task.Delay(500);
        var options = new BroadcastOptions
        {
            Hall = hall.BaseUrl, Source = new VideoSource.TestPattern(), RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(Key),
            ArchiveDir = Path.Combine(work, "archive"), Width = W, Height = H, Fps = 25, OverlayFps = 25, VideoKbps = 1000, Preset = "veryfast",
            CaptionHold = TimeSpan.FromSeconds(2),
        };
        using var stop = new CancellationTokenSource();
        using var host = new BroadcastHost(options, logs, masker, TimeProvider.System);
        var scenes = new Dictionary<string, long>();
        host.ScenePublished += (scene, _) => { if (scene.Caption is { } c) lock (scenes) scenes.TryAdd(c, Stopwatch.GetTimestamp()); };
        var run = host.RunAsync(stop.Token);
        await Until(() => sink.Count > 50, "the sink decodes frames", TimeSpan.FromSeconds(120));
        await Until(async () =>
        {
            try { return await viewer.InvokeAsync<SittingView?>("WatchCouncil", "vyshneva") is not null; }
            catch (Exception) { return false; }
        }, "the relay's viewer watches", TimeSpan.FromSeconds(120));
        await Task.Delay(3000);

        var token = await hall.ChairTokenAsync();
        var console = hall.BuildConnection(HubNames.CaptionsPath, messagePack: true, token: () => Task.FromResult<string?>(token));
        await console.StartAsync();
        List<double> ackMs = [], viewerMs = [], sceneMs = [], sinkMs = [];
        for (int i = 0; i < lines; i++)
        {
            var text = $"Рядок {i + 1}";
            int from = sink.Count;
            var t0 = Stopwatch.GetTimestamp();
            var ack = await console.InvokeAsync<CommandAck>("Send", new CaptionRequest(text));
            var acked = Stopwatch.GetTimestamp();
            long? boxAt = null;
            var wait = Stopwatch.StartNew();
            while (boxAt is null && wait.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
                boxAt = sink.FirstAfter(from, 0, c => c.R + c.G + c.B < 100);
            }
            double Ms(long at) => Stopwatch.GetElapsedTime(t0, at).TotalMilliseconds;
            ackMs.Add(Ms(acked));
            lock (viewed) if (ack.JournalSeq is { } seq && viewed.TryGetValue(seq, out var v)) viewerMs.Add(Ms(v));
            lock (scenes) if (scenes.TryGetValue(text, out var sc)) sceneMs.Add(Ms(sc));
            if (boxAt is { } b) sinkMs.Add(Ms(b));
            Console.WriteLine($"line {i + 1}: ack {Ms(acked):F0} ms, box at the sink {(boxAt is { } x ? Ms(x).ToString("F0", inv) + " ms" : "not seen")}");
            // The caption expires (2 s hold) and its box leaves the picture before the next line.
            await Until(() => host.LastScene is { Caption: null }, "the caption expires", TimeSpan.FromSeconds(30));
            await Task.Delay(3000);
        }
        stop.Cancel();
        await run;

        var report = new StringBuilder();
        report.AppendLine("## Live captions (issue 14)");
        report.AppendLine();
        report.AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores: real hall-server with its public relay, the broadcast at {W}×{H} 25 fps (x264 veryfast) into a real RTMP sink; {lines} lines sent one at a time on `/hubs/captions` (MessagePack). Load average before / after: {loadBefore} / {File.ReadAllText("/proc/loadavg").Trim()}.");
        report.AppendLine();
        report.AppendLine("| from Send to | median | p90 | n |");
        report.AppendLine("|---|---|---|---|");
        foreach (var (name, v) in new[] { ("the ack", ackMs), ("a viewer of the public relay", viewerMs), ("the overlay frame rendered (scene published)", sceneMs), ("the first frame with the caption box decoded at the RTMP sink", sinkMs) })
            report.AppendLine(string.Format(inv, "| {0} | {1:0} ms | {2:0} ms | {3} |", name, Median(v), P90(v), v.Count));
        report.AppendLine();
        report.AppendLine("The sink figure includes the overlay pipe, the encoder's and the muxer's buffering and the sink's decoder; the first line of a run also pays for the first connections (JIT, relay feed). Nothing here is asserted by a test.");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine(report);
        try { Directory.Delete(work, true); } catch (IOException) { }
        return 0;
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout) => await Until(() => Task.FromResult(condition()), what, timeout);

    private static async Task Until(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException("timed out waiting until " + what);
            await Task.Delay(100);
        }
    }

    private static double Median(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);
    private static double P90(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(Math.Min(v.Count - 1, (int)Math.Ceiling(v.Count * 0.9) - 1));

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var p = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return p;
    }
}
