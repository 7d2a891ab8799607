using System.Diagnostics;

namespace Session.Publishing.Tests.Support;

public static class Processes
{
    /// <summary>Runs a tool to completion (generous deadline for a loaded machine) and returns its exit code and output.</summary>
    public static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 2 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Beside(string assemblyFile) => Path.Combine(AppContext.BaseDirectory, assemblyFile);
}
