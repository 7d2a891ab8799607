namespace Session.Bench.Hall;

public enum Affinity { Pinned, Unpinned, Both }

/// <summary>The hall bench's command line (bench/README.md), checked before anything starts; errors in Ukrainian and English.</summary>
public sealed record BenchOptions
{
    public int Seats { get; init; } = 450;
    public int Viewers { get; init; } = 10_000;
    public int Votes { get; init; } = 5;
    /// <summary>
    /// Bursts on the fresh server before anything is measured (the first of them is reported apart as the cold burst):
    /// a hall runs for hours and its secretary's pre-sitting self-test casts a test vote, so the deputies' votes meet a
    /// server whose hot code the JIT has already compiled. 0 measures the cold server.
    /// </summary>
    public int Warmup { get; init; } = 3;
    public bool Quick { get; init; }
    public Uri? ViewersUrl { get; init; }
    public string Council { get; init; } = "vyshneva";
    public Affinity Affinity { get; init; } = Affinity.Both;
    /// <summary>The loaded bursts, in order: viewers on the public relay in JSON, in MessagePack, then on the hall's own hub (the one that may overload the hall, last).</summary>
    public IReadOnlyList<Audience> Audiences { get; init; } = [Audience.Relay, Audience.RelayMessagePack, Audience.Hall];
    /// <summary>BENCHMARKS.md whose hall section is replaced, or null (--quick) to leave it alone.</summary>
    public string? Out { get; init; }
    public required string Results { get; init; }
    /// <summary>With --trace: a CPU profile of the hall (and the relay) during each burst, in bench/results/traces/.</summary>
    public bool Trace { get; init; }
    /// <summary>--hall-env NAME=VALUE (repeatable): the hall's own environment, e.g. the runtime's JIT settings compared run by run.</summary>
    public IReadOnlyDictionary<string, string> HallEnvironment { get; init; } = new Dictionary<string, string>();
    public string Repo { get; init; } = ".";

    public static (BenchOptions? Options, string? Error) Parse(string[] args, string repo)
    {
        string? Text(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var quick = args.Contains("--quick");
        var trace = args.Contains("--trace");
        var o = new BenchOptions
        {
            Quick = quick,
            Trace = trace,
            Repo = repo,
            Seats = quick ? 45 : 450,
            Viewers = quick ? 500 : 10_000,
            Votes = quick ? 2 : 5,
            Warmup = quick ? 1 : 3,
            Affinity = quick ? Affinity.Pinned : Affinity.Both,
            Audiences = quick ? [Audience.Relay] : [Audience.Relay, Audience.RelayMessagePack, Audience.Hall],
            Out = quick ? null : Path.Combine(repo, "BENCHMARKS.md"),
            Results = Path.Combine(repo, "bench", "results", quick ? "hall-quick.md" : "hall.md"),
        };
        foreach (var (name, min, max) in new[] { ("--seats", 3, 999), ("--viewers", 1, 100_000), ("--votes", 1, 100), ("--warmup", 0, 100) })
        {
            if (Text(name) is not { } value) continue;
            if (!int.TryParse(value, out var n) || n < min || n > max)
                return (null, $"{name} має бути цілим числом від {min} до {max} / {name} must be a whole number from {min} to {max}");
            o = name switch { "--seats" => o with { Seats = n }, "--viewers" => o with { Viewers = n }, "--warmup" => o with { Warmup = n }, _ => o with { Votes = n } };
        }
        if (Text("--viewers-url") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("ws" or "wss" or "http" or "https"))
                return (null, "--viewers-url має бути адресою ws://, wss://, http:// або https:// / --viewers-url must be a ws://, wss://, http:// or https:// address");
            o = o with { ViewersUrl = u };
        }
        if (Text("--affinity") is { } affinity)
        {
            if (!Enum.TryParse<Affinity>(affinity, ignoreCase: true, out var a) || !Enum.IsDefined(a))
                return (null, "--affinity має бути pinned, unpinned або both / --affinity must be pinned, unpinned or both");
            o = o with { Affinity = a };
        }
        if (Text("--audiences") is { } audiences)
        {
            var names = audiences.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var chosen = names.Select(n => n switch { "hall" => Audience.Hall, "relay" => Audience.Relay, "relay-msgpack" => Audience.RelayMessagePack, _ => (Audience?)null }).ToList();
            if (chosen.Count == 0 || chosen.Any(a => a is null) || chosen.Distinct().Count() != chosen.Count)
                return (null, "--audiences має бути переліком через кому з hall, relay, relay-msgpack / --audiences must be a comma-separated list of hall, relay, relay-msgpack");
            o = o with { Audiences = chosen.Select(a => a!.Value).ToList() };
        }
        var hallEnv = new Dictionary<string, string>();
        for (var i = Array.IndexOf(args, "--hall-env"); i >= 0; i = Array.IndexOf(args, "--hall-env", i + 1))
        {
            var pair = i + 1 < args.Length ? args[i + 1].Split('=', 2) : [];
            if (pair.Length != 2 || !System.Text.RegularExpressions.Regex.IsMatch(pair[0], "^[A-Za-z_][A-Za-z0-9_]{0,63}$") || pair[1].Length > 256)
                return (null, "--hall-env має бути NAME=VALUE / --hall-env must be NAME=VALUE");
            hallEnv[pair[0]] = pair[1];
        }
        o = o with { HallEnvironment = hallEnv };
        if (o.Affinity != Affinity.Unpinned && Environment.ProcessorCount < 2)
            return (null, "для --affinity pinned потрібно щонайменше 2 ядра / --affinity pinned needs at least 2 cores");
        if (Text("--council") is { } council) o = o with { Council = council };
        // BENCHMARKS.md gets only a run made for it: a traced run's figures are not the bench's, and a run that names its
        // own results file keeps to it, unless --out names the file to update.
        if (Text("--results") is { } results) o = o with { Results = results, Out = null };
        if (o.Trace) o = o with { Out = null };
        if (Text("--out") is { } output) o = o with { Out = output };
        return (o, null);
    }

    /// <summary>The WebSocket URL of the public hub on a server: the viewers' default when --viewers-url is not given.</summary>
    public static Uri WebSocketUrl(Uri baseUrl, string path)
    {
        var b = new UriBuilder(new Uri(baseUrl, path));
        b.Scheme = b.Scheme == "https" ? "wss" : "ws";
        return b.Uri;
    }
}
