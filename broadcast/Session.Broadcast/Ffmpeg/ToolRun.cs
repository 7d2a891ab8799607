using System.Diagnostics;
using System.Text;

namespace Session.Broadcast.Ffmpeg;

/// <summary>Runs ffmpeg or ffprobe to completion with a deadline, arguments passed one by one (no shell quoting).</summary>
internal static class ToolRun
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string binary, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.StandardInput.Close(); // ffmpeg must never wait for a keypress
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"{Path.GetFileName(binary)} did not finish in {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The last lines of FFmpeg's error output, for a message.</summary>
    public static string Tail(string stderr, int lines = 3)
    {
        var all = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all.Length == 0 ? "no output" : string.Join(" | ", all.TakeLast(lines));
    }

    public static readonly Encoding Utf8 = new UTF8Encoding(false);
}
