using System.Diagnostics;

namespace Session.Testing;

/// <summary>What a hall-server tool run (<c>backup</c>, <c>restore</c>) printed and how it ended.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error, TimeSpan Took)
{
    public string All => Output + "\n" + Error;
}

/// <summary>Runs the hall server's command-line tools as an operator does: a separate process from the build output.</summary>
public static class HallTool
{
    public static async Task<ToolRun> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(HallServerProcess.ServerDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"hall-server {string.Join(' ', args)} did not exit within 120 s");
        }
        return new ToolRun(p.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}
