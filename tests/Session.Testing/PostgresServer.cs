using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace Session.Testing;

/// <summary>
/// A real PostgreSQL from Debian's package (<c>/usr/lib/postgresql/N/bin</c>, the newest N found at run time) in a
/// temporary folder: its own data dir and unix socket dir, a free port on 127.0.0.1 only, password (SCRAM) logins over
/// TCP. initdb refuses root, so as root it runs as the <c>postgres</c> user (<c>runuser</c>), otherwise as ourselves.
/// One server per test class fixture; <see cref="CreateDatabaseAsync"/> makes a fresh database per hall (cheap).
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> stop and start the same server on the same port, for outages.
/// Disposing stops it and deletes the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "session";

    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _asPostgresUser;

    /// <summary>The superuser's password (in <see cref="SecretLedger"/>: no server may print it).</summary>
    public string Password { get; }
    public int Port { get; private set; }
    public bool Running { get; private set; }

    private string DataDir => Path.Combine(_dir, "data");
    private string LogFile => Path.Combine(_dir, "postgres.log");

    private PostgresServer(string bin, string dir, bool asPostgresUser, string password)
    {
        (_bin, _dir, _asPostgresUser, Password) = (bin, dir, asPostgresUser, password);
    }

    /// <summary>Debian's PostgreSQL binaries, the newest version installed (scripts/setup.sh installs <c>postgresql</c>).</summary>
    public static string BinDir()
    {
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).FirstOrDefault()
            : null;
        return newest is null
            ? throw new InvalidOperationException($"PostgreSQL is not installed (no {root}/N/bin/initdb): run scripts/setup.sh")
            : Path.Combine(newest, "bin");
    }

    public static async Task<PostgresServer> StartNewAsync()
    {
        var dir = Directory.CreateTempSubdirectory("session-pg-").FullName;
        var asPostgresUser = Environment.UserName == "root";
        var password = SecretLedger.Add("pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        var server = new PostgresServer(BinDir(), dir, asPostgresUser, password);
        try
        {
            await server.InitAsync();
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task InitAsync()
    {
        var pwfile = Path.Combine(_dir, "pwfile");
        await File.WriteAllTextAsync(pwfile, Password + "\n");
        if (_asPostgresUser) await RunAsync("chown", "-R", "postgres:postgres", _dir);
        await RunAsync("chmod", "700", _dir);
        // C.UTF-8: no dependence on the machine's locales; the registry's text columns say COLLATE "C" anyway.
        await RunPgAsync(Path.Combine(_bin, "initdb"), "-D", DataDir, "-U", User, "--pwfile", pwfile, "--auth-local=trust",
            "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
        File.Delete(pwfile);
    }

    /// <summary>Starts the server (again): on a free port the first time, on the same port after <see cref="StopAsync"/>.</summary>
    public async Task StartAsync()
    {
        var first = Port == 0;
        for (int attempt = 0; ; attempt++)
        {
            if (first) Port = Session.HallServer.Hosting.FreePorts.Next();
            try
            {
                // listen_addresses: loopback only; the socket dir is ours, never /var/run/postgresql.
                await RunPgAsync(Path.Combine(_bin, "pg_ctl"), "start", "-w", "-t", "120", "-D", DataDir, "-l", LogFile, "-o",
                    $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dir} -c max_connections=200 -c shared_buffers=32MB");
                Running = true;
                return;
            }
            // The port was taken between choosing and binding (another test's server): choose again.
            catch (InvalidOperationException) when (first && attempt < 3 && File.Exists(LogFile) && File.ReadAllText(LogFile).Contains("could not bind")) { }
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, as when a database host goes away).</summary>
    public async Task StopAsync()
    {
        if (!Running) return;
        await RunPgAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-w", "-t", "120", "-m", "fast", "-D", DataDir);
        Running = false;
    }

    public string ConnectionString(string database, string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = User,
        Password = password ?? Password,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "hall")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await using (var conn = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private Task RunPgAsync(string program, params string[] args) =>
        _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private async Task RunAsync(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (p.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "";
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args.Take(3))} exited with {p.ExitCode}: {await stderr}{await stdout}\n{log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Running)
        {
            try { await RunPgAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-w", "-t", "60", "-m", "immediate", "-D", DataDir); }
            catch (Exception) { }
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
