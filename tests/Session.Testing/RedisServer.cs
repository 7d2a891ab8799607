using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Session.Testing;

/// <summary>
/// A real redis-server (the Debian package) for a regional host's tests: its own temp dir, a free port on 127.0.0.1,
/// its append-only file in that dir (so a restart keeps the cluster's membership and reminders; the sittings' record
/// is never there).
/// <see cref="StopAsync"/> and <see cref="StartAsync()"/> again on the same port are a Redis restart.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly List<string> _output = new();
    private Process? _process;

    public string Dir { get; } = Directory.CreateTempSubdirectory("session-redis-").FullName;
    public int Port { get; } = Session.HallServer.Hosting.FreePorts.Next();

    /// <summary>What a node is given as Hall:Cluster:Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    public static async Task<RedisServer> StartNewAsync()
    {
        var redis = new RedisServer();
        try
        {
            await redis.StartAsync();
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
        return redis;
    }

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Dir };
        foreach (var a in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(), "--dir", Dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                     "--daemonize", "no", "--protected-mode", "yes", "--logfile", "" })
            psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        await Eventually.True(async () =>
        {
            if (p.HasExited) throw new InvalidOperationException($"redis-server exited with {p.ExitCode}:\n{string.Join('\n', Output.TakeLast(20))}");
            return await PingAsync();
        }, "redis-server answers PING", TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL: Redis is gone at once, as when its machine fails.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Runs redis-cli against this server and returns what it printed.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", Port.ToString() }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return text;
    }

    /// <summary>Every key and what it holds, as text (hashes, sorted sets, sets, lists and strings), for tests that look for an entry.</summary>
    public async Task<string> DumpAsync()
    {
        var all = new StringBuilder();
        foreach (var key in (await CliAsync("--scan")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var content = (await CliAsync("TYPE", key)).Trim() switch
            {
                "hash" => await CliAsync("HGETALL", key),
                "zset" => await CliAsync("ZRANGE", key, "0", "-1"),
                "set" => await CliAsync("SMEMBERS", key),
                "list" => await CliAsync("LRANGE", key, "0", "-1"),
                "string" => await CliAsync("GET", key),
                _ => "",
            };
            all.Append(key).Append('\n').Append(content);
        }
        return all.ToString();
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
