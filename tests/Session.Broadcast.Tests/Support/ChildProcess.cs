using System.Diagnostics;

namespace Session.Broadcast.Tests.Support;

/// <summary>A child process (ffmpeg, ffprobe, the broadcast binary) with its output captured; killed on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];

    public ChildProcess(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, bool captureStdout = true)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        if (captureStdout) process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        if (captureStdout) process.BeginOutputReadLine();
    }

    public Stream StandardOutput => process.StandardOutput.BaseStream;
    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public IReadOnlyList<string> Lines { get { lock (lines) return lines.ToList(); } }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not gone after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
        try { await WaitAsync(grace); } catch (OperationCanceledException) { Kill(); await WaitAsync(TimeSpan.FromSeconds(10)); }
    }

    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); throw; }
        return (p.ExitCode, await o, await e);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try { await WaitAsync(TimeSpan.FromSeconds(10)); } catch (OperationCanceledException) { }
        process.Dispose();
    }
}
