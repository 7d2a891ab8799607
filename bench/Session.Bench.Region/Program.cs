using Session.Bench.Hall;
using Session.Bench.Region;

// The regional host bench of issue 11 (bench/README.md): N councils sitting at once on a cluster of hall-server nodes
// behind nginx, against one council alone on the same cluster, then kill -9 of the node holding a sitting, again and again.
// Usage: dotnet run -c Release --project bench/Session.Bench.Region -- [--short] [--councils 20] [--seats 42] [--nodes 3]
//        [--viewers-per-node 300] [--rounds 5] [--kills 10] [--failover-seats 12] [--out BENCHMARKS.md] [--results FILE]
var repo = FindRepo();
var (options, error) = RegionOptions.Parse(args, repo);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

var started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'");
Console.WriteLine($"region bench: {options.Councils} councils × {options.Seats} seats on {options.Nodes} nodes, {options.ViewersPerNode} viewers a node, " +
                  $"{options.Rounds} rounds, {options.Kills} kills; load {RegionBench.LoadAverage()}");
var result = await new RegionBench(options, line => Console.WriteLine("  " + line)).RunAsync();
var table = RegionReport.Table(result, ("dotnet run -c Release --project bench/Session.Bench.Region -- " + string.Join(' ', args)).TrimEnd(), started);
Console.WriteLine(table);
Directory.CreateDirectory(Path.GetDirectoryName(options.Results)!);
File.WriteAllText(options.Results, table);
Console.WriteLine($"written to {options.Results}");
if (options.Out is { } output)
{
    BenchmarkFile.WriteSection(output, "region", table);
    Console.WriteLine($"written to {output}");
}
return 0;

static string FindRepo()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Session.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
