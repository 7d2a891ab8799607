using Session.Fuzz.Targets;

namespace Session.Fuzz;

/// <summary>Runs saved inputs (a corpus, afl's crashes) through a target without afl, to reproduce and to check the corpus.</summary>
public static class Replay
{
    public static int Run(IFuzzTarget target, IEnumerable<string> paths)
    {
        var files = paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("README.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [p]).ToList();
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            try { target.Run(input); }
            catch (Exception e)
            {
                Console.Error.WriteLine($"CRASH {target.Name} {file} ({input.Length} bytes): {e}");
                Console.Error.WriteLine($"input (hex): {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 4096)))}");
                return 1;
            }
        }
        Console.WriteLine($"{target.Name}: {files.Count} inputs, no crash");
        return 0;
    }
}
