using System.Diagnostics;

namespace Session.Bench.Hall;

/// <summary>Pins processes to cores with taskset (every thread, -a) and reads their CPU time from /proc.</summary>
public static class Cpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>utime + stime of a process in seconds (/proc/&lt;pid&gt;/stat fields 14 and 15).</summary>
    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / ClockTicksPerSecond; // fields 14 and 15, counted after the name
    }

    /// <summary>Restricts every thread of a process to the given cores (taskset's list syntax, e.g. "0" or "1-3").</summary>
    public static void Pin(int pid, string cores)
    {
        // Twice: a thread started while the first pass ran inherits from a thread not yet moved.
        for (var pass = 0; pass < 2; pass++)
        {
            var psi = new ProcessStartInfo("taskset", ["-a", "-p", "-c", cores, pid.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("taskset did not start");
            var error = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"taskset -a -p -c {cores} {pid} failed: {error}");
        }
    }

    /// <summary>The child processes of a process, from every thread's /proc/&lt;pid&gt;/task/&lt;tid&gt;/children.</summary>
    public static IReadOnlyList<int> Children(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).Distinct().ToList();

    public static string AllCores => Environment.ProcessorCount > 1 ? $"0-{Environment.ProcessorCount - 1}" : "0";
}
