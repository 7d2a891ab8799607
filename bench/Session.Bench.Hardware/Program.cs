using System.Globalization;
using System.Text;
using Session.Bench.Hardware;

// Seat Bus benchmarks: `dotnet run -c Release --project bench/Session.Bench.Hardware -- [--cycles N] [--rounds N] [--no-server] [--out FILE] [--append] [--title TEXT]`
int cycles = 50, rounds = 3;
bool server = true, append = false;
string title = "";
string output = Path.Combine(FindRepoRoot(), "bench", "results", "hardware.md");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cycles": cycles = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--no-server": server = false; break;
        case "--out": output = Path.GetFullPath(args[++i]); break;
        case "--append": append = true; break;
        case "--title": title = " — " + args[++i]; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--cycles N] [--rounds N] [--no-server] [--out FILE] [--append] [--title TEXT]"); return 2;
    }
}
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var md = new StringBuilder();
if (!append)
{
    md.AppendLine("# Seat Bus benchmarks (bench/Session.Bench.Hardware)");
    md.AppendLine();
    md.AppendLine(Notes);
    md.AppendLine();
}
md.AppendLine($"Run{title}: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average {LoadAverage()} at start (shared machine). Simulated seats answer over socat ptys, paced to the wire time of the baud rate (pty has no baud), 100 µs turnaround.");
md.AppendLine();
md.AppendLine($"## Poll cycle, 64 seats, one line (target ≤ 1.3 × floor){title}");
md.AppendLine();
md.AppendLine("| baud | floor (64 × 230 bits) | floor + turnarounds | p50 | p95 | max | p50 / floor | cycles | missed replies |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|");
foreach (var baud in new[] { 115200, 460800 })
{
    var r = await PollCycleBench.RunAsync(baud, 64, cycles, TimeSpan.FromMicroseconds(100));
    var line = $"| {baud} | {r.FloorMs:F1} ms | {r.FloorWithTurnaroundMs:F1} ms | {r.P50:F1} ms | {r.P95:F1} ms | {r.Max:F1} ms | **{r.P50 / r.FloorMs:F2}×** | {r.Cycles} | {r.Misses} ({r.Late} late) |";
    Console.WriteLine(line);
    md.AppendLine(line);
}
md.AppendLine();
md.AppendLine($"## One POLL → STATUS exchange (no card, 19 bytes) at 115200: why termios + FileStream{title}");
md.AppendLine();
md.AppendLine("| port access | p50 | p95 | exchanges |");
md.AppendLine("|---|---|---|---|");
foreach (var r in PortsComparisonBench.Run(115200, 300))
{
    var line = $"| {r.Path} | {r.P50:F2} ms | {r.P95:F2} ms | {r.Exchanges} |";
    Console.WriteLine(line);
    md.AppendLine(line);
}
md.AppendLine();
md.AppendLine("Wire time of the exchange itself: " + Session.Hardware.SeatBus.WireTime.Of(19, 115200).TotalMilliseconds.ToString("F2") + " ms + turnaround.");
if (server)
{
    md.AppendLine();
    md.AppendLine("## Press → journal, demo hall: 27 seats on two lines at 115200, gateway process, real hall-server");
    md.AppendLine();
    md.AppendLine("Timed from the seat's key to the hall-server's `Seat` push showing the choice (sent after the VoteCast is durable in SQLite); \"lamp\" is the full loop back to the seat's lamp over the bus.");
    md.AppendLine();
    md.AppendLine("| scenario | presses | p50 | p95 | p99 | max | lamp p50 | lamp p95 |");
    md.AppendLine("|---|---|---|---|---|---|---|---|");
    foreach (var r in await PressToJournalBench.RunAsync(rounds))
    {
        var line = $"| {r.Scenario} | {r.Presses} | {r.P50:F1} ms | {r.P95:F1} ms | {r.P99:F1} ms | {r.Max:F1} ms | {r.LampP50:F1} ms | {r.LampP95:F1} ms |";
        Console.WriteLine(line);
        md.AppendLine(line);
    }
    md.AppendLine();
    md.AppendLine("For a burst, \"lamp\" is the time until the last of the 27 lamps shows the choice.");
}
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
if (append) File.AppendAllText(output, Environment.NewLine + md.ToString());
else File.WriteAllText(output, md.ToString());
Console.WriteLine($"written to {output}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static string FindRepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Session.sln"))) dir = dir.Parent;
        if (dir is not null) return dir.FullName;
    }
    return Directory.GetCurrentDirectory();
}

internal static partial class Program
{
    private const string Notes = """
        How to read these figures: the master is the gateway's own code (termios-configured tty read by a plain FileStream on a
        pump thread, deadlines by Stopwatch); the seats are the simulator, which writes each STATUS at the moment its last byte
        would arrive on a real line (poll wire time + turnaround + reply wire time after it read the poll), so the measured cycle
        holds the wire time plus every software delay on both sides, including the simulator's own wake-up, which a real seat
        does not have. "Missed" are replies that came after SEAT-BUS.md's reply timeout (longest reply + 2 ms): on this shared
        2-core machine they are scheduling stalls, and each costs a whole timeout. Reproduce: `dotnet run -c Release --project
        bench/Session.Bench.Hardware` (add `--no-server` for the bus figures only; run it under `chrt -f 20` for real-time priority).
        """;
}
