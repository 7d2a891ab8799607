using Session.Bench.Hall;

// The hall bench of issue 13 (bench/README.md, ARCHITECTURE.md "Targets"): floors without public load, the vote
// burst without and with N viewers, fan-out against a raw-WebSocket floor, CPU cost; pinned and unpinned.
// Usage: dotnet run -c Release --project bench/Session.Bench.Hall -- [--quick] [--seats 450] [--viewers 10000]
//        [--votes 5] [--affinity both|pinned|unpinned] [--viewers-url ws://…/hubs/public] [--council vyshneva]
//        [--out BENCHMARKS.md] [--results bench/results/hall.md]
if (args.Contains("--raw-floor-server")) return await RawFloorServer.RunAsync();

var repo = FindRepo();
var (options, error) = BenchOptions.Parse(args, repo);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
Console.WriteLine($"hall bench: {options.Seats} seats, {options.Viewers} viewers, {options.Votes} votes, affinity {options.Affinity}; load {load}");
var runs = new List<RunResult>();
foreach (var pinned in options.Affinity switch { Affinity.Pinned => [true], Affinity.Unpinned => [false], _ => new[] { true, false } })
{
    Console.WriteLine(pinned ? "— pinned run —" : "— unpinned run —");
    runs.Add(await new HallRun(options, pinned, line => Console.WriteLine("  " + line)).RunAsync());
    Write(Report.Table(options, runs, load, ("dotnet run -c Release --project bench/Session.Bench.Hall -- " + string.Join(' ', args)).TrimEnd()));
}
return 0;

// After each run, so a long bench cut short still leaves the runs it finished.
void Write(string table)
{
    Console.WriteLine(table);
    Directory.CreateDirectory(Path.GetDirectoryName(options.Results)!);
    File.WriteAllText(options.Results, table);
    Console.WriteLine($"written to {options.Results}");
    if (options.Out is { } output)
    {
        BenchmarkFile.WriteSection(output, "hall", table);
        Console.WriteLine($"written to {output}");
    }
}

static string FindRepo()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Session.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
