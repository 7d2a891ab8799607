namespace Session.Bench.Hall;

/// <summary>Writes one bench's section of BENCHMARKS.md between its markers, leaving the other sections as they are.</summary>
public static class BenchmarkFile
{
    public static void WriteSection(string path, string name, string body)
    {
        var start = $"<!-- {name}:start -->";
        var end = $"<!-- {name}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nEach section is written by its benchmark in bench/; figures are from the machine named in it.\n";
        var block = $"{start}\n{body.Trim()}\n{end}";
        int i = text.IndexOf(start, StringComparison.Ordinal), j = text.IndexOf(end, StringComparison.Ordinal);
        text = i >= 0 && j > i ? text[..i] + block + text[(j + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}
