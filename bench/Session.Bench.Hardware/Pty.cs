using System.Diagnostics;

namespace Session.Bench.Hardware;

/// <summary>A socat pseudo-terminal pair, killed on dispose.</summary>
internal sealed class Pty : IDisposable
{
    private readonly Process _socat;
    private readonly string _dir;
    public string A => Path.Combine(_dir, "a");
    public string B => Path.Combine(_dir, "b");

    public Pty()
    {
        _dir = Directory.CreateTempSubdirectory("bench-pty-").FullName;
        var psi = new ProcessStartInfo("socat") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add($"pty,raw,echo=0,link={A}");
        psi.ArgumentList.Add($"pty,raw,echo=0,link={B}");
        _socat = Process.Start(psi) ?? throw new InvalidOperationException("socat did not start");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(A) && File.Exists(B)))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20) || _socat.HasExited) throw new InvalidOperationException("socat made no pty pair");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        if (!_socat.HasExited) { _socat.Kill(); _socat.WaitForExit(5000); }
        _socat.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
