using System.Collections.Concurrent;
using System.Diagnostics;

namespace Session.Hardware.Tests;

/// <summary>A child process of our own build output (gateway, simulator), with its output lines collected; killed on dispose.</summary>
public sealed class ProcessRunner : IAsyncDisposable
{
    private readonly Process _process;
    public readonly ConcurrentQueue<string> Stdout = new();
    public readonly ConcurrentQueue<string> Stderr = new();

    private ProcessRunner(Process process) => _process = process;

    public static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    public static ProcessRunner Start(string dll, params string[] args) => StartUnder([], dll, args);

    /// <summary>Started through <paramref name="launcher"/> (e.g. <c>ip netns exec NS</c>, which execs it: the pid is still dotnet's).</summary>
    public static ProcessRunner StartUnder(string[] launcher, string dll, params string[] args)
    {
        var psi = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var l in launcher.Skip(1)) psi.ArgumentList.Add(l);
        if (launcher.Length > 0) psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        var p = new Process { StartInfo = psi };
        var runner = new ProcessRunner(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) runner.Stdout.Enqueue(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) runner.Stderr.Enqueue(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return runner;
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public StreamWriter Input => _process.StandardInput;

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drain the output
        return _process.ExitCode;
    }

    public string AllOutput => string.Join('\n', Stdout.Concat(Stderr).TakeLast(60));

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>SIGTERM: the process stops the way systemd stops it.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited) kill(_process.Id, 15);
        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGKILL: nothing gets to clean up, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
