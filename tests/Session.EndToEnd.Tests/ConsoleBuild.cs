using System.Diagnostics;

namespace Session.EndToEnd.Tests;

/// <summary>
/// Where the repository and the built deputy-console are. The hall-server under test serves deputy-console/dist
/// directly (<c>--web-root</c>), so the tests always see the pages of this checkout; if dist is missing or older than
/// the sources, it is built once with npm (as test.sh and run.sh do).
/// </summary>
public static class ConsoleBuild
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _ready;

    public static string RepoRoot { get; } = FindRepoRoot();
    public static string ConsoleDir => Path.Combine(RepoRoot, "deputy-console");
    public static string DistDir => Path.Combine(ConsoleDir, "dist");
    public static string ArtifactsDir { get; } = Directory.CreateDirectory(Path.Combine(RepoRoot, "tests", "Session.EndToEnd.Tests", "artifacts")).FullName;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "deputy-console", "package.json"))) return dir.FullName;
        // Built with an artifacts path outside the repo: the test project's source folder is known at compile time.
        var here = Path.GetDirectoryName(ThisFile())!;
        return Path.GetFullPath(Path.Combine(here, "..", ".."));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    public static async Task EnsureBuiltAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_ready) return;
            if (!IsFresh())
            {
                if (!Directory.Exists(Path.Combine(ConsoleDir, "node_modules"))) await RunAsync("npm", "ci --no-audit --no-fund");
                await RunAsync("npm", "run build");
            }
            if (!File.Exists(Path.Combine(DistDir, "terminal.html"))) throw new InvalidOperationException($"deputy-console was not built: {DistDir}/terminal.html is missing");
            _ready = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static bool IsFresh()
    {
        var built = Path.Combine(DistDir, "index.html");
        if (!File.Exists(built)) return false;
        var builtAt = File.GetLastWriteTimeUtc(built);
        var sources = Directory.EnumerateFiles(Path.Combine(ConsoleDir, "src"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(ConsoleDir, "*.html"))
            .Concat(new[] { "package-lock.json", "vite.config.ts", "tsconfig.json" }.Select(f => Path.Combine(ConsoleDir, f)).Where(File.Exists))
            .Concat(Directory.EnumerateFiles(Path.Combine(ConsoleDir, "public")));
        return sources.All(f => File.GetLastWriteTimeUtc(f) <= builtAt);
    }

    private static async Task RunAsync(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = ConsoleDir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
