using System.Diagnostics;

namespace Session.Hardware.Tests;

/// <summary>A real pseudo-terminal pair made by socat, the same way run.sh wires the simulator to the gateway.</summary>
public sealed class SocatPair : IAsyncDisposable
{
    private readonly Process _socat;
    private readonly string _dir;

    public string Dir => _dir;
    public string A { get; }
    public string B { get; }

    private SocatPair(Process socat, string dir)
    {
        _socat = socat;
        _dir = dir;
        A = Path.Combine(dir, "a");
        B = Path.Combine(dir, "b");
    }

    /// <summary>A new pair; with <paramref name="dir"/>, at the same paths as an earlier pair there (a cable plugged back).</summary>
    public static async Task<SocatPair> StartAsync(string? dir = null)
    {
        dir = dir is null ? Directory.CreateTempSubdirectory("seatbus-").FullName : Directory.CreateDirectory(dir).FullName;
        var psi = new ProcessStartInfo("socat") { RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(dir, "a")}");
        psi.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(dir, "b")}");
        var socat = Process.Start(psi) ?? throw new InvalidOperationException("socat did not start (apt-get install socat)");
        var pair = new SocatPair(socat, dir);
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(pair.A) && File.Exists(pair.B)))
        {
            if (socat.HasExited) throw new InvalidOperationException($"socat exited: {await socat.StandardError.ReadToEndAsync()}");
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("socat made no pty pair in 20 s");
            await Task.Delay(20);
        }
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill();
            await _socat.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _socat.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
