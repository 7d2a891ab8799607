namespace Session.Bench.Region;

/// <summary>The region bench's command line (bench/README.md "The regional host bench"), checked before anything starts.</summary>
public sealed record RegionOptions
{
    public int Councils { get; init; } = 20;
    /// <summary>Tablet seats per council: its deputies and the head.</summary>
    public int Seats { get; init; } = 42;
    public int Nodes { get; init; } = 3;
    public int ViewersPerNode { get; init; } = 300;
    /// <summary>Rounds of bursts: each round is one burst of the first council alone, then one of every council at once.</summary>
    public int Rounds { get; init; } = 5;
    public int Kills { get; init; } = 10;
    /// <summary>Seats of the first council pressing in a loop through nginx while its sitting's node is killed.</summary>
    public int FailoverSeats { get; init; } = 12;
    public bool Short { get; init; }
    /// <summary>The BENCHMARKS.md to write the section into; null: the short form leaves it alone.</summary>
    public string? Out { get; init; }
    public string Results { get; init; } = "";

    public static (RegionOptions? Options, string? Error) Parse(string[] args, string repo)
    {
        var o = new RegionOptions { Out = Path.Combine(repo, "BENCHMARKS.md"), Results = Path.Combine(repo, "bench", "results", "region.md") };
        if (args.Contains("--short"))
            o = o with { Councils = 2, ViewersPerNode = 50, Rounds = 1, Kills = 1, Short = true, Out = null, Results = Path.Combine(repo, "bench", "results", "region-short.md") };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--short") continue;
            if (i + 1 >= args.Length) return (null, $"{name}: бракує значення / a value is missing");
            var value = args[++i];
            int Number(int min, int max, string uk) => int.TryParse(value, out var n) && n >= min && n <= max ? n
                : throw new ArgumentException($"{name}: {uk} від {min} до {max} / a whole number from {min} to {max}, not '{value}'");
            try
            {
                o = name switch
                {
                    "--councils" => o with { Councils = Number(1, 50, "число рад") },
                    "--seats" => o with { Seats = Number(3, 99, "число місць") },
                    "--nodes" => o with { Nodes = Number(2, 9, "число вузлів") },
                    "--viewers-per-node" => o with { ViewersPerNode = Number(0, 5000, "число глядачів") },
                    "--rounds" => o with { Rounds = Number(1, 100, "число раундів") },
                    "--kills" => o with { Kills = Number(0, 100, "число вбивств") },
                    "--failover-seats" => o with { FailoverSeats = Number(1, 99, "число місць") },
                    "--out" => o with { Out = Path.GetFullPath(value) },
                    "--results" => o with { Results = Path.GetFullPath(value) },
                    _ => throw new ArgumentException($"невідомий параметр / unknown option: {name}"),
                };
            }
            catch (ArgumentException e) { return (null, e.Message); }
        }
        if (o.FailoverSeats > o.Seats) return (null, $"--failover-seats: не більше за --seats ({o.Seats}) / at most --seats ({o.Seats})");
        return (o, null);
    }
}
