using System.Diagnostics;
using System.Net.Sockets;

namespace Session.Testing;

/// <summary>
/// Real nginx (the Debian package) in front of given hall-server nodes, from scripts/nginx/session.conf.template: a
/// free port on 127.0.0.1, a foreground child whose pid, logs and temp files stay in its own temp dir.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly List<string> _output = new();
    private Process? _process;

    public string Prefix { get; } = Directory.CreateTempSubdirectory("session-nginx-").FullName;
    public int Port { get; } = Session.HallServer.Hosting.FreePorts.Next();
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static string Template => Path.Combine(AppContext.BaseDirectory, "nginx", "session.conf.template");

    /// <summary>The config a deployment would run, filled in for this prefix, port and nodes.</summary>
    public static string Config(string prefix, int port, IEnumerable<Uri> nodes) =>
        File.ReadAllText(Template)
            .Replace("@PREFIX@", prefix)
            .Replace("@LISTEN@", $"127.0.0.1:{port}")
            .Replace("@UPSTREAMS@", string.Join('\n', nodes.Select(n => $"        server {n.Host}:{n.Port} max_fails=1 fail_timeout=5s;")));

    public static async Task<NginxServer> StartAsync(IEnumerable<Uri> nodes)
    {
        var nginx = new NginxServer();
        try
        {
            await nginx.LaunchAsync(nodes);
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
        return nginx;
    }

    private async Task LaunchAsync(IEnumerable<Uri> nodes)
    {
        foreach (var t in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" }) Directory.CreateDirectory(Path.Combine(Prefix, "temp", t));
        // Workers run as nobody when the tests run as root: they may write their temp files here, nothing else.
        if (OperatingSystem.IsLinux())
            foreach (var t in Directory.GetDirectories(Path.Combine(Prefix, "temp")).Append(Path.Combine(Prefix, "temp")))
                File.SetUnixFileMode(t, (UnixFileMode)0b111_111_111);
        var conf = Path.Combine(Prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config(Prefix, Port, nodes));
        var psi = new ProcessStartInfo("/usr/sbin/nginx") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", Prefix, "-c", conf, "-e", Path.Combine(Prefix, "error.log") }) psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        await Eventually.True(async () =>
        {
            if (p.HasExited) throw new InvalidOperationException($"nginx exited with {p.ExitCode}:\n{ErrorLog()}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException) { return false; }
        }, "nginx listens", TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// A new upstream list, as an operator drains or adds a node: the config rewritten, then <c>SIGHUP</c> (what
    /// <c>nginx -s reload</c> sends); new workers take new connections, the old ones finish the open ones.
    /// </summary>
    public async Task ReloadAsync(IEnumerable<Uri> nodes)
    {
        if (_process is not { HasExited: false } p) throw new InvalidOperationException("nginx is not running");
        var workers = Workers(p.Id);
        await File.WriteAllTextAsync(Path.Combine(Prefix, "nginx.conf"), Config(Prefix, Port, nodes));
        using (var hup = Process.Start("kill", ["-HUP", p.Id.ToString()])) hup?.WaitForExit();
        // The master starts a new worker once it has read the new config (a bad config keeps the old ones and logs why).
        await Eventually.True(() => p.HasExited
            ? throw new InvalidOperationException($"nginx exited on reload:\n{ErrorLog()}")
            : Workers(p.Id).Except(workers).Any(),
            "nginx reloaded its config (a new worker started)", TimeSpan.FromSeconds(10));
    }

    private static int[] Workers(int master) =>
        File.ReadAllText($"/proc/{master}/task/{master}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    public string ErrorLog()
    {
        var log = Path.Combine(Prefix, "error.log");
        lock (_output) return string.Join('\n', _output) + (File.Exists(log) ? "\n" + File.ReadAllText(log) : "");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            // SIGTERM: nginx's fast shutdown, the master takes its workers with it.
            Process.Start("kill", ["-TERM", p.Id.ToString()])?.WaitForExit();
            try { await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (TimeoutException) { p.Kill(entireProcessTree: true); }
        }
        _process?.Dispose();
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
