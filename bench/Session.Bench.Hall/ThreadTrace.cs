using System.Diagnostics;
using System.Text;

namespace Session.Bench.Hall;

/// <summary>
/// A CPU profile of one part of the bench (<c>--trace</c>): dotnet-trace from the repository's tool manifest samples
/// every managed thread of a process for a fixed time (<c>dotnet-sampled-thread-time</c>, about 100 Hz). The report
/// keeps the functions with the most exclusive samples, leaving out the frames where an idle thread waits, so what is
/// left is where the running threads spent their time.
/// </summary>
public sealed class ThreadTrace
{
    private static readonly string[] WaitFrames =
    [
        "LowLevelLifoSemaphore", "WaitHandle.Wait", "Monitor.Wait", "ManualResetEventSlim.Wait", "Thread.Sleep",
        "Interop+Sys.Read", "Interop+Sys.WaitForSocketEvents", "Interop+Sys.Poll", "SemaphoreSlim.Wait",
        "Missing Symbol", "(Non-Activities)", "Thread.StartCallback", "WorkerThreadStart", "EventPipe", "EventSource",
    ];

    private readonly Process _process;
    private readonly string _file;
    private readonly string _repo;

    private ThreadTrace(Process process, string file, string repo) => (_process, _file, _repo) = (process, file, repo);

    /// <param name="cores">Where the tracer itself runs (taskset's list), off the traced process's core when pinned; null: anywhere.</param>
    public static ThreadTrace Start(string repo, int pid, string file, TimeSpan duration, string? cores)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string[] collect = ["dotnet", "tool", "run", "dotnet-trace", "--", "collect", "-p", pid.ToString(),
            "--profile", "dotnet-sampled-thread-time", "--duration", duration.ToString(@"dd\:hh\:mm\:ss"), "-o", file];
        string[] command = cores is null ? collect : ["taskset", "-c", cores, .. collect];
        var psi = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        var p = Process.Start(psi) ?? throw new InvalidOperationException("dotnet-trace did not start / dotnet-trace не запустився");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new ThreadTrace(p, file, repo);
    }

    /// <summary>Waits for the trace to end and returns the top functions by exclusive samples, waits left out.</summary>
    public async Task<string> ReportAsync(int top = 25)
    {
        await _process.WaitForExitAsync();
        if (!File.Exists(_file)) return $"(no trace: dotnet-trace exited with {_process.ExitCode})";
        var psi = new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-trace", "--", "report", _file, "topN", "-n", "200"])
        {
            WorkingDirectory = _repo, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        // "12.  Name(args)    0.45%    0.03%": the function, its inclusive and its exclusive share of all samples.
        var rows = output.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s*\d+\.\s+(.*?)\s+([\d.]+)%\s+([\d.]+)%\s*$"))
            .Where(m => m.Success && !WaitFrames.Any(w => m.Groups[1].Value.Contains(w, StringComparison.Ordinal)))
            .Select(m => (Name: m.Groups[1].Value, Exclusive: double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var running = rows.Sum(r => r.Exclusive);
        var s = new StringBuilder();
        s.AppendLine($"```\n{Path.GetFileName(_file)}: the functions with the most exclusive samples, as a share of the samples not in a waiting frame");
        foreach (var (name, exclusive) in rows.Take(top))
            s.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{100 * exclusive / running,6:F1}%  {name}"));
        s.AppendLine("```");
        return s.ToString();
    }
}
