using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Bench.Broadcast;
using Session.Broadcast;
using Session.Broadcast.Ffmpeg;
using Session.Broadcast.Health;
using Session.Broadcast.Options;
using Session.Broadcast.Outputs;
using Session.Broadcast.Secrets;
using Session.Core.Wire;
using Session.Testing;

// Issue 5's benchmark, all parts in one run against a real hall-server:
// (a) vote closed → first frame carrying the result at an RTMP sink, against a pass-through pipeline (same encoder
//     settings, no overlay) whose synthetic camera changes at the same instant; (b) encoder speed with overlays at
//     1080p and 720p while 450 seats vote in bursts.
// Usage: dotnet run -c Release --project bench/Session.Bench.Broadcast -- [--votes 7] [--seats 450] [--seconds 40] [--out bench/results/broadcast.md]
// Issue 14's caption latencies are a separate, shorter run (CaptionBench.cs); 1080p with the interpreter window and
// captions during the bursts is `--full-load` (FullLoadBench.cs).
if (args.Contains("--full-load")) return await FullLoadBench.RunAsync(Arg("--seats", 450), Arg("--seconds", 40), ArgText("--out", Path.Combine(FindRepo(), "bench", "results", "full-load.md")));
if (args.Contains("--captions")) return await CaptionBench.RunAsync(Arg("--lines", 12), ArgText("--out", Path.Combine(FindRepo(), "bench", "results", "captions.md")));
var votes = Arg("--votes", 7);
var seats = Arg("--seats", 450);
var seconds = Arg("--seconds", 40);
var output = ArgText("--out", Path.Combine(FindRepo(), "bench", "results", "broadcast.md"));
var inv = CultureInfo.InvariantCulture;
var work = Directory.CreateTempSubdirectory("session-bench-broadcast-").FullName;
var masker = new SecretMasker();
var logFile = new StreamWriter(Path.Combine(work, "broadcast.log")) { AutoFlush = true };
using var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new MaskedLoggerProvider(TextWriter.Synchronized(logFile), masker)));
const string Key = "bench-stream-key";
masker.Add(new Secret(Key));

Console.WriteLine($"broadcast bench: {votes} votes, {seats} seats, {seconds} s per speed run; log in {work}");
await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
{
    ExtraArgs = ["--demo-deputies", (seats - 1).ToString(inv)],
    Environment = new() { ["Logging__LogLevel__Default"] = "Warning" },
});
var chair = await hall.ConnectChairAsync(messagePack: true);
var gateway = await SittingDriver.GatewayAsync(hall, messagePack: true);
// The demo seeds its own council; if it has fewer seats than asked, each burst still sends `seats` casts within about
// a second, spread over the seats it has (the last press counts, so every seat ends on "yes").
// Demo seats are numbered 1..N, one deputy each (docs/api.md).
var seatNumbers = Enumerable.Range(1, (await hall.CurrentSittingAsync()).Deputies.Length).ToArray();
Console.WriteLine($"the demo council has {seatNumbers.Length} seats; {seats} casts per burst");
await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
foreach (var seat in seatNumbers)
    await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Pin: "20" + seat.ToString("D2", inv), Deputy: "dep-" + seat.ToString("D2", inv))).Must();
await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
Console.WriteLine($"hall at {hall.BaseUrl}, {seatNumbers.Length} seats registered");
var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
var hallKey = new Secret(hall.BroadcastKey);
masker.Add(hallKey);

// ---- (a) overlay latency against pass-through -------------------------------------------------------------------
const int W = 640, H = 360, Fps = 25;
double interval = 1000.0 / Fps;
int portO = FreePort(), portP = FreePort();
var band = Session.Broadcast.Overlay.OverlayRenderer.VerdictBand;
var verdict = Scale(band.Right - 170, band.Top + 10, 160, 80, W);
await using var sinkO = new MarkerSink(portO, Key, SyntheticCamera.Marker, verdict);
await using var sinkP = new MarkerSink(portP, Key, SyntheticCamera.Marker, verdict);
await Task.Delay(500);
var camO = new SyntheticCamera(W, H, Fps);
var camP = new SyntheticCamera(W, H, Fps);
BroadcastOptions Small(string name, int port, VideoSource source) => new()
{
    Hall = hall.BaseUrl, Source = source, RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(Key), HallKey = hallKey,
    ArchiveDir = Path.Combine(work, name), Width = W, Height = H, Fps = Fps, OverlayFps = Fps, VideoKbps = 1000, Preset = "veryfast",
};
var optsO = Small("overlay", portO, new VideoSource.RawFrames(camO));
var optsP = Small("passthrough", portP, new VideoSource.RawFrames(camP));
using var stopA = new CancellationTokenSource();
var hostO = new BroadcastHost(optsO, logs, masker, TimeProvider.System);
var runO = hostO.RunAsync(stopA.Token);
var feedP = new LiveFeed();
var healthP = new HealthBoard(-14, TimeProvider.System);
var encP = new EncoderSupervisor(optsP, null, feedP, healthP, masker, TimeProvider.System, logs.CreateLogger<EncoderSupervisor>());
var runP = Task.WhenAll(encP.RunAsync(stopA.Token),
    new RtmpRelay(feedP, optsP.RtmpBase!, optsP.StreamKey!, masker, healthP, TimeSpan.FromSeconds(4), logs.CreateLogger<RtmpRelay>()).RunAsync(stopA.Token));
await Until(() => sinkO.Count > 50 && sinkP.Count > 50, "both sinks decode frames", TimeSpan.FromSeconds(120));
Console.WriteLine("both pipelines live at their sinks");

var overlayMs = new List<double>(); var passMs = new List<double>(); var camOMs = new List<double>();
static bool Bright((int R, int G, int B) c) => c.R > 180 && c.G > 180 && c.B > 180;
static bool Green((int R, int G, int B) c) => Math.Abs(c.R - 0x1B) < 40 && Math.Abs(c.G - 0x87) < 40 && Math.Abs(c.B - 0x3F) < 40;
for (int i = 0; i < votes; i++)
{
    var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 300);
    await Until(() => hostO.LastScene?.Live is not null, "the live count is on", TimeSpan.FromSeconds(30));
    camO.Flip(false); camP.Flip(false);
    await Burst(voteId, seats);
    await Task.Delay(3000); // the live panel and the dark marker are at the sinks
    int fromO = sinkO.Count, fromP = sinkP.Count;
    var t0 = Stopwatch.GetTimestamp();
    camO.Flip(true); camP.Flip(true);
    await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
    long? board = null, markO = null, markP = null;
    var wait = Stopwatch.StartNew();
    while ((board is null || markO is null || markP is null) && wait.Elapsed < TimeSpan.FromSeconds(20))
    {
        await Task.Delay(20);
        board ??= sinkO.FirstAfter(fromO, 1, Green);
        markO ??= sinkO.FirstAfter(fromO, 0, Bright);
        markP ??= sinkP.FirstAfter(fromP, 0, Bright);
    }
    if (board is null || markO is null || markP is null) { Console.WriteLine($"vote {i + 1}: not seen at a sink, skipped"); continue; }
    double Ms(long at) => Stopwatch.GetElapsedTime(t0, at).TotalMilliseconds;
    overlayMs.Add(Ms(board.Value)); passMs.Add(Ms(markP.Value)); camOMs.Add(Ms(markO.Value));
    Console.WriteLine($"vote {i + 1}: result board {Ms(board.Value):F0} ms, pass-through camera {Ms(markP.Value):F0} ms, camera in overlay pipeline {Ms(markO.Value):F0} ms");
    await Task.Delay(1000);
}
var encoderLine = hostO.EncoderArguments ?? "";
stopA.Cancel();
await runO; await runP;
hostO.Dispose();

// ---- (b) encoder speed with overlays during vote bursts ----------------------------------------------------------
var speedRows = new List<string>();
foreach (var (w, h, kbps) in new[] { (1920, 1080, 6000), (1280, 720, 4500) })
{
    int port = FreePort();
    using var sink = Process.Start(new ProcessStartInfo("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-listen", "1", "-i", $"rtmp://127.0.0.1:{port}/live/{Key}", "-c", "copy", "-f", "null", "-"]) { RedirectStandardError = true })!;
    await Task.Delay(500);
    var opts = new BroadcastOptions
    {
        Hall = hall.BaseUrl, Source = new VideoSource.TestPattern(), RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(Key), HallKey = hallKey,
        ArchiveDir = Path.Combine(work, $"speed-{h}"), Width = w, Height = h, Fps = Fps, OverlayFps = Fps, VideoKbps = kbps, Preset = "veryfast",
    };
    using var stop = new CancellationTokenSource();
    using var host = new BroadcastHost(opts, logs, masker, TimeProvider.System);
    var run = host.RunAsync(stop.Token);
    await Until(() => host.Snapshot().Speed is > 0, "the encoder reports progress", TimeSpan.FromSeconds(60));
    await Task.Delay(5000); // warm-up
    var cpu0 = FullLoadBench.FfmpegCpu(opts.ArchiveDir);
    var cpuClock = Stopwatch.StartNew();
    var samples = new List<StreamHealth>();
    var first = host.Snapshot();
    int casts = 0, bursts = 0;
    var burstLoop = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested && cpuClock.Elapsed.TotalSeconds < seconds)
        {
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 300);
            casts += await Burst(voteId, seats);
            await Task.Delay(1500);
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
            bursts++;
            await Task.Delay(2500);
        }
    });
    while (cpuClock.Elapsed.TotalSeconds < seconds) { await Task.Delay(1000); samples.Add(host.Snapshot()); }
    await burstLoop;
    var cpu = (FullLoadBench.FfmpegCpu(opts.ArchiveDir) - cpu0) / cpuClock.Elapsed.TotalSeconds * 100;
    var last = host.Snapshot();
    stop.Cancel();
    await run;
    try { sink.Kill(true); } catch (InvalidOperationException) { }
    var speeds = samples.Where(s => s.Speed is not null).Select(s => s.Speed!.Value).Order().ToList();
    var (bareSpeed, bareCost) = await BareEncode(w, h, kbps);
    double cost = cpu / 100 / Math.Max(0.01, Median(speeds));
    var row = string.Format(inv, "| {0}×{1} | {2:0.00}× | {3:0.00}× | {4:0.0} | {5} | {6} | {7:0}% | {8:0.00} | {9:0.00} ({10:0.00}×) | {11} bursts, {12} casts |",
        w, h, Median(speeds), speeds.FirstOrDefault(), samples.Average(s => s.Fps), last.DroppedFrames - first.DroppedFrames,
        last.DuplicatedFrames - first.DuplicatedFrames, cpu, cost, bareCost, bareSpeed, bursts, casts);
    speedRows.Add(row);
    Console.WriteLine(row);
}

// ---- report -------------------------------------------------------------------------------------------------------
var report = new StringBuilder();
report.AppendLine("## Broadcast (issue 5)");
report.AppendLine();
report.AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, real hall-server (demo council, {seatNumbers.Length} seats), FFmpeg {Ffmpeg()}. A burst is {seats} Cast commands sent in parallel rounds over those seats.");
report.AppendLine($"Load average before / after: {loadBefore} / {File.ReadAllText("/proc/loadavg").Trim()} (the machine is shared with other builds; high load depresses part b).");
report.AppendLine();
report.AppendLine($"### (a) Vote closed → first frame with the result at the RTMP sink ({W}×{H}, {Fps} fps, frame interval {interval:0} ms, {overlayMs.Count} votes)");
report.AppendLine("Both pipelines run at the same time with the same encoder settings; each has a synthetic camera that lights a marker at the instant CloseVote is sent. The overlay pipeline's result board must travel hall-server → SignalR → render → overlay pipe → encoder; the pass-through pipeline has no overlay input at all.");
report.AppendLine();
report.AppendLine("| path | median | p90 | in frame intervals (median) |");
report.AppendLine("|---|---|---|---|");
report.AppendLine(string.Format(inv, "| result board, overlay pipeline | {0:0} ms | {1:0} ms | {2:0.0} |", Median(overlayMs), P90(overlayMs), Median(overlayMs) / interval));
report.AppendLine(string.Format(inv, "| camera marker, pass-through pipeline | {0:0} ms | {1:0} ms | {2:0.0} |", Median(passMs), P90(passMs), Median(passMs) / interval));
report.AppendLine(string.Format(inv, "| camera marker, overlay pipeline | {0:0} ms | {1:0} ms | {2:0.0} |", Median(camOMs), P90(camOMs), Median(camOMs) / interval));
var added = overlayMs.Zip(passMs, (o, p) => o - p).ToList();
report.AppendLine(string.Format(inv, "| **overlay minus pass-through (per vote)** | **{0:0} ms** | {1:0} ms | **{2:0.0}** (target ≤ 5) |", Median(added), P90(added), Median(added) / interval));
report.AppendLine();
report.AppendLine($"### (b) Encoder speed with overlays, {Fps} fps, x264 veryfast CBR, while bursts of {seats} casts run ({seconds} s after a 5 s warm-up)");
report.AppendLine("The source is paced in real time (`-re`), so 1.00× is the ceiling. Because the machine is shared, the load-independent figure is the CPU cost: FFmpeg CPU-seconds per second of video (2.0 = both cores), beside a bare test-pattern encode (no overlay, no audio, unpaced) measured in the same run; real time is possible when cost < 2 minus what hall-server and this process need.");
report.AppendLine();
report.AppendLine("| size | median speed | lowest speed | mean fps | dropped | duplicated | FFmpeg CPU | cost (CPU-s per s) | bare encode cost (speed) | hall load |");
report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in speedRows) report.AppendLine(r);
report.AppendLine();
report.AppendLine("FFmpeg encoder command (overlay pipeline of part a; pipe paths vary, key masked):");
report.AppendLine();
report.AppendLine("```");
report.AppendLine(encoderLine);
report.AppendLine("```");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);
Console.WriteLine($"written to {output}");
try { Directory.Delete(work, true); } catch (IOException) { }
return 0;

// A bare libx264 encode of the test pattern for 10 s of video, unpaced: its speed and CPU-seconds per video second.
static async Task<(double Speed, double Cost)> BareEncode(int w, int h, int kbps)
{
    var psi = new ProcessStartInfo("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc2=size={w}x{h}:rate=25",
        "-t", "10", "-c:v", "libx264", "-preset", "veryfast", "-b:v", $"{kbps}k", "-maxrate", $"{kbps}k", "-bufsize", $"{kbps * 2}k", "-g", "50", "-f", "null", "-"]);
    var sw = Stopwatch.StartNew();
    using var p = Process.Start(psi)!;
    double cpu = 0;
    while (!p.HasExited) { try { cpu = p.TotalProcessorTime.TotalSeconds; } catch (InvalidOperationException) { } await Task.Delay(20); }
    await p.WaitForExitAsync();
    return (10 / sw.Elapsed.TotalSeconds, cpu / 10);
}

async Task<int> Burst(string voteId, int count)
{
    int acked = 0, n = seatNumbers.Length;
    string[] choices = ["no", "abstain", "yes"];
    // Rounds of one press per seat, in parallel within a round; the last round is all "yes".
    int rounds = Math.Max(1, (count + n - 1) / n);
    for (int r = 0; r < rounds; r++)
    {
        var choice = r == rounds - 1 ? "yes" : choices[r % 3];
        await Parallel.ForEachAsync(seatNumbers.Take(Math.Min(n, count - r * n > 0 ? count - r * n : n)), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (seat, _) =>
        {
            var ack = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, r == rounds - 1 ? "yes" : choice));
            if (ack.Accepted) Interlocked.Increment(ref acked);
        });
    }
    return acked;
}

static async Task Until(Func<bool> condition, string what, TimeSpan timeout)
{
    var sw = Stopwatch.StartNew();
    while (!condition())
    {
        if (sw.Elapsed > timeout) throw new TimeoutException("timed out waiting until " + what);
        await Task.Delay(50);
    }
}

static (int X, int Y, int W, int H) Scale(float x, float y, float w, float h, int width)
{
    float s = width / 1920f;
    return ((int)(x * s) + 2, (int)(y * s) + 2, (int)(w * s) - 4, (int)(h * s) - 4);
}

static double Median(IReadOnlyList<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);
static double P90(IReadOnlyList<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(Math.Min(v.Count - 1, (int)Math.Ceiling(v.Count * 0.9) - 1));

static int FreePort()
{
    var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    l.Start();
    var p = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return p;
}

static string Ffmpeg()
{
    var p = Process.Start(new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true })!;
    var line = p.StandardOutput.ReadLine() ?? "";
    p.WaitForExit();
    return line.Split(' ').ElementAtOrDefault(2) ?? "?";
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string FindRepo()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Session.sln"))) d = d.Parent;
    return d?.FullName ?? Directory.GetCurrentDirectory();
}
