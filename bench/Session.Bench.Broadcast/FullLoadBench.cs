using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Broadcast;
using Session.Broadcast.Health;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;
using Session.Core.Wire;
using Session.Testing;

namespace Session.Bench.Broadcast;

/// <summary>
/// Issue 14's test list: "the encoder keeps real time at 1080p25 with the interpreter window and captions on during a
/// 450-cast burst". One run against a real hall-server: 1920×1080 25 fps x264 veryfast CBR, the interpreter window on
/// (its own test pattern, decoded by its own FFmpeg), a caption line sent on <c>/hubs/captions</c> every 2 s (burned into
/// the picture), and bursts of 450 casts, into a real RTMP sink. Usage:
/// <c>dotnet run -c Release --project bench/Session.Bench.Broadcast -- --full-load [--seconds 40] [--seats 450] [--out PATH]</c>.
/// </summary>
public static class FullLoadBench
{
    public static async Task<int> RunAsync(int seats, int seconds, string output)
    {
        var inv = CultureInfo.InvariantCulture;
        var work = Directory.CreateTempSubdirectory("session-bench-full-").FullName;
        var masker = new SecretMasker();
        var logFile = new StreamWriter(Path.Combine(work, "broadcast.log")) { AutoFlush = true };
        using var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new MaskedLoggerProvider(TextWriter.Synchronized(logFile), masker)));
        const string Key = "bench-full-key";
        masker.Add(new Secret(Key));
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var busyBefore = Busiest();

        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            ExtraArgs = ["--demo-deputies", (seats - 1).ToString(inv)],
            Environment = new() { ["Logging__LogLevel__Default"] = "Warning" },
        });
        var chair = await hall.ConnectChairAsync(messagePack: true);
        var gateway = await SittingDriver.GatewayAsync(hall, messagePack: true);
        var seatNumbers = Enumerable.Range(1, (await hall.CurrentSittingAsync()).Deputies.Length).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seatNumbers);
        var token = await hall.ChairTokenAsync();
        var captions = hall.BuildConnection(HubNames.CaptionsPath, messagePack: true, token: () => Task.FromResult<string?>(token));
        await captions.StartAsync();
        Console.WriteLine($"hall at {hall.BaseUrl}, {seatNumbers.Length} seats registered; {seats} casts per burst");

        int port = FreePort();
        using var sink = Process.Start(new ProcessStartInfo("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-listen", "1", "-i", $"rtmp://127.0.0.1:{port}/live/{Key}", "-c", "copy", "-f", "null", "-"]) { RedirectStandardError = true })!;
        await Task.Delay(500);
        var options = new BroadcastOptions
        {
            Hall = hall.BaseUrl, Source = new VideoSource.TestPattern(), RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(Key),
            ArchiveDir = Path.Combine(work, "archive"), Width = 1920, Height = 1080, Fps = 25, OverlayFps = 25, VideoKbps = 6000, Preset = "veryfast",
            Interpreter = new VideoSource.TestPattern(), InterpreterOnAtStart = true, CaptionHold = TimeSpan.FromSeconds(4),
        };
        using var stop = new CancellationTokenSource();
        using var host = new BroadcastHost(options, logs, masker, TimeProvider.System);
        var run = host.RunAsync(stop.Token);
        await Until(() => host.Snapshot().Speed is > 0 && host.Snapshot().InterpreterSource == "live", "the encoder and the interpreter's source run", TimeSpan.FromSeconds(120));
        await Task.Delay(5000); // warm-up

        var cpu0 = FfmpegCpu(options.ArchiveDir);
        var clock = Stopwatch.StartNew();
        var samples = new List<StreamHealth>();
        var first = host.Snapshot();
        int casts = 0, bursts = 0, lines = 0, captionFrames = 0, interpreterFrames = 0;
        var burstLoop = Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 300);
                casts += await Burst(gateway, seatNumbers, voteId, seats);
                await Task.Delay(1500);
                await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
                bursts++;
                await Task.Delay(2500);
            }
        });
        var captionLoop = Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var ack = await captions.InvokeAsync<CommandAck>("Send", new CaptionRequest($"Рядок субтитрів {lines + 1}: шановні депутати, переходимо до голосування"));
                if (ack.Accepted) lines++;
                await Task.Delay(2000);
            }
        });
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await Task.Delay(1000);
            samples.Add(host.Snapshot());
            if (host.LastScene?.Caption is not null) captionFrames++;
            if (host.Interpreter?.On == true && host.Snapshot().InterpreterSource == "live") interpreterFrames++;
        }
        await Task.WhenAll(burstLoop, captionLoop);
        var cpu = (FfmpegCpu(options.ArchiveDir) - cpu0) / clock.Elapsed.TotalSeconds * 100;
        var last = host.Snapshot();
        var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        var busyAfter = Busiest();
        stop.Cancel();
        await run;
        try { sink.Kill(true); } catch (InvalidOperationException) { }

        var speeds = samples.Where(s => s.Speed is not null).Select(s => s.Speed!.Value).Order().ToList();
        var report = new StringBuilder();
        report.AppendLine("### (c) 1080p25 with the interpreter window and captions on, during 450-cast bursts (issue 14)");
        report.AppendLine();
        report.AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, real hall-server (demo council, {seatNumbers.Length} seats), " +
            $"`--full-load`: 1920×1080 25 fps x264 veryfast 6000 kbit/s CBR + AAC, overlays, the interpreter window on (a second test pattern decoded by its own FFmpeg), " +
            $"a caption line sent on `/hubs/captions` every 2 s, into a real RTMP sink; {seconds} s measured after a 5 s warm-up.");
        report.AppendLine($"Load average before / after: {loadBefore} / {loadAfter}. Busiest processes before: {busyBefore}; after: {busyAfter}.");
        report.AppendLine();
        // CPU-seconds per second of video: the figure the other processes on a shared machine do not change (2.0 = both cores).
        double cost = cpu / 100 / Math.Max(0.01, Median(speeds));
        report.AppendLine("| median speed | lowest speed | mean fps | dropped | duplicated | encoder FFmpeg CPU | cost (CPU-s per s) | hall load | captions | seconds with a caption on the picture | seconds with the interpreter window live |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        report.AppendLine(string.Format(inv, "| {0:0.00}× | {1:0.00}× | {2:0.0} | {3} | {4} | {5:0}% | {6:0.00} | {7} bursts, {8} casts | {9} lines | {10} of {11} | {12} of {11} |",
            Median(speeds), speeds.FirstOrDefault(), samples.Average(s => s.Fps), last.DroppedFrames - first.DroppedFrames,
            last.DuplicatedFrames - first.DuplicatedFrames, cpu, cost, bursts, casts, lines, captionFrames, samples.Count, interpreterFrames));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {output}; log in {work}/broadcast.log");
        return 0;
    }

    private static async Task<int> Burst(HubConnection gateway, int[] seatNumbers, string voteId, int count)
    {
        int acked = 0, n = seatNumbers.Length;
        string[] choices = ["no", "abstain", "yes"];
        int rounds = Math.Max(1, (count + n - 1) / n);
        for (int r = 0; r < rounds; r++)
        {
            var choice = r == rounds - 1 ? "yes" : choices[r % 3];
            await Parallel.ForEachAsync(seatNumbers.Take(Math.Min(n, count - r * n > 0 ? count - r * n : n)), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (seat, _) =>
            {
                var ack = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, choice));
                if (ack.Accepted) Interlocked.Increment(ref acked);
            });
        }
        return acked;
    }

    /// <summary>The five busiest processes by CPU share since they started (ps), to say what else was running.</summary>
    private static string Busiest()
    {
        try
        {
            using var ps = Process.Start(new ProcessStartInfo("ps", ["-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"]) { RedirectStandardOutput = true })!;
            var lines = ps.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(5).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            ps.WaitForExit();
            return string.Join(", ", lines);
        }
        catch (System.ComponentModel.Win32Exception) { return "(ps not available)"; }
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException("timed out waiting until " + what);
            await Task.Delay(50);
        }
    }

    private static double Median(IReadOnlyList<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var p = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return p;
    }

    /// <summary>utime + stime of the FFmpeg processes writing into the archive folder (the encoder), in seconds; both benches use it.</summary>
    public static double FfmpegCpu(string archiveDir)
    {
        double total = 0;
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            try
            {
                var cmd = File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                if (!cmd.StartsWith("ffmpeg", StringComparison.Ordinal) && !cmd.Contains("/ffmpeg ", StringComparison.Ordinal)) continue;
                if (!cmd.Contains(archiveDir, StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        return total;
    }
}
