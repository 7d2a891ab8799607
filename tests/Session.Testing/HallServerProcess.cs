using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Session.Core.Wire;

namespace Session.Testing;

public sealed record HallServerStartOptions
{
    /// <summary>Null: a fresh temporary folder, deleted on dispose.</summary>
    public string? DataDir { get; init; }
    public bool Demo { get; init; } = true;
    public string[] ExtraArgs { get; init; } = [];
    public Dictionary<string, string> Environment { get; init; } = new();
    /// <summary>Start under this open-file limit (ulimit -n), for tests of running out of sockets.</summary>
    public int? OpenFileLimit { get; init; }
    /// <summary>
    /// Start the server through this command, given the data dir (e.g. <c>unshare --mount … sh -c 'mount …; exec "$@"'</c>
    /// for a small file system in the server's own mount namespace, see <see cref="SmallDisk"/>); "dotnet" and the
    /// server's arguments follow it. The server's files are then read through <see cref="HallServerProcess.SeenPath"/>.
    /// </summary>
    public Func<string, string[]>? Launcher { get; init; }
    /// <summary>Where Kestrel listens; the default is a free port on 127.0.0.1 (a <see cref="HallNetwork"/> gives its own address).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";
    /// <summary>How long the server may take to say it is ready (a large demo council on a loaded machine, for benches; a demo seeding and publishing its past sitting on a shared machine).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(180);
    /// <summary>The timeout of <see cref="HallServerProcess.Http"/>'s requests (a benchmark on a loaded machine may need more).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The real hall server as a child process on 127.0.0.1 (Kestrel, Orleans, SQLite — nothing replaced), started from
/// the build output, with helpers to log in and connect real SignalR clients. Kill() is SIGKILL, for crash tests.
/// </summary>
public sealed class HallServerProcess : IAsyncDisposable
{
    private readonly HallServerStartOptions _options;
    private readonly bool _ownsDataDir;
    private readonly List<string> _output = new();
    private readonly List<HubConnection> _connections = new();
    private Process? _process;
    private string? _chairToken;
    private bool _chairTokenChecked;

    public Uri BaseUrl { get; private set; } = null!;
    public string DataDir { get; }
    public string SecretaryPassword { get; }
    /// <summary>The demo secretary's TOTP seed (base32), given to the server as SESSION_SECRETARY_TOTP_SEED.</summary>
    public string SecretaryTotpSeed { get; }
    public HttpClient Http { get; private set; } = null!;

    public string GatewayKey => SecretLedger.Add(File.ReadAllText(SeenPath("gateway.key")).Trim());
    public string BroadcastKey => SecretLedger.Add(File.ReadAllText(SeenPath("broadcast.key")).Trim());

    /// <summary>The running server's process id (the launcher execs it, so it is the server itself).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>
    /// A file of the data dir as the server sees it: through <c>/proc/PID/root</c> when a <see cref="HallServerStartOptions.Launcher"/>
    /// mounted the data dir in the server's own mount namespace, else the data dir itself.
    /// </summary>
    public string SeenPath(string relative) => _options.Launcher is null
        ? Path.Combine(DataDir, relative)
        : Path.Combine($"/proc/{ProcessId}/root{DataDir}", relative);

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    /// <summary>Secrets any test of this run used (<see cref="SecretLedger"/>) that appear in this server's output: none, or a leak.</summary>
    public List<string> LeakedSecrets() => SecretLedger.FoundIn(Output);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the current process was spawned; restart times are measured from it.</summary>
    public long SpawnedAt { get; private set; }

    /// <summary>From the current process's spawn to its SESSION-READY line.</summary>
    public TimeSpan SpawnToReady { get; private set; }

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    private HallServerProcess(HallServerStartOptions options)
    {
        _options = options;
        _ownsDataDir = options.DataDir is null;
        DataDir = options.DataDir ?? Directory.CreateTempSubdirectory("session-hall-").FullName;
        SecretaryPassword = SecretLedger.Add(options.Environment.GetValueOrDefault("SESSION_SECRETARY_PASSWORD") ?? "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)));
        SecretaryTotpSeed = SecretLedger.Add(options.Environment.GetValueOrDefault("SESSION_SECRETARY_TOTP_SEED") ?? OtpNet.Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20)).TrimEnd('='));
    }

    public static async Task<HallServerProcess> StartAsync(HallServerStartOptions? options = null)
    {
        var hall = new HallServerProcess(options ?? new HallServerStartOptions());
        try
        {
            await hall.LaunchAsync();
        }
        catch
        {
            await hall.DisposeAsync();
            throw;
        }
        return hall;
    }

    /// <summary>Starts the server and returns its exit code and output, for start-ups expected to fail.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunToExitAsync(HallServerStartOptions options, TimeSpan timeout)
    {
        var hall = new HallServerProcess(options);
        hall._process = hall.Spawn();
        using var cts = new CancellationTokenSource(timeout);
        await hall._process.WaitForExitAsync(cts.Token);
        return (hall._process.ExitCode, hall.Output);
    }

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Session.HallServer.dll");

    private Process Spawn()
    {
        if (_options.Launcher is not null && _options.OpenFileLimit is not null)
            throw new InvalidOperationException("a launcher and an open-file limit together are not supported");
        var launcher = _options.Launcher?.Invoke(DataDir) ?? [];
        var psi = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : _options.OpenFileLimit is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        if (_options.OpenFileLimit is { } files)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"ulimit -n {files} && exec dotnet \"$@\"");
            psi.ArgumentList.Add("sh");
        }
        if (launcher.Length > 0)
        {
            foreach (var a in launcher.Skip(1)) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("dotnet");
        }
        psi.ArgumentList.Add(ServerDll);
        foreach (var a in new[] { "--urls", _options.Urls, "--data-dir", DataDir }) psi.ArgumentList.Add(a);
        if (_options.Demo) psi.ArgumentList.Add("--demo");
        foreach (var a in _options.ExtraArgs) psi.ArgumentList.Add(a);
        psi.Environment["SESSION_SECRETARY_PASSWORD"] = SecretaryPassword;
        psi.Environment["SESSION_SECRETARY_TOTP_SEED"] = SecretaryTotpSeed;
        psi.Environment["DOTNET_gcServer"] = "0";
        foreach (var (k, v) in _options.Environment) psi.Environment[k] = v;
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private async Task LaunchAsync()
    {
        // A restart keeps the staff sessions (registry.db); the token is checked once before it is used again.
        _chairTokenChecked = false;
        var seen = Output.Count;
        SpawnedAt = Stopwatch.GetTimestamp();
        _process = Spawn();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _options.StartTimeout)
        {
            var line = Output.Skip(seen).FirstOrDefault(l => l.StartsWith("SESSION-READY ", StringComparison.Ordinal));
            if (line is not null)
            {
                SpawnToReady = Stopwatch.GetElapsedTime(SpawnedAt);
                var previous = BaseUrl;
                BaseUrl = new Uri(line["SESSION-READY ".Length..].Trim());
                if (previous is not null && previous != BaseUrl) StaffLogin.Moved(previous, BaseUrl);
                if (_options.Demo) StaffLogin.Remember(BaseUrl, "secretar", SecretaryTotpSeed);
                HallCa = BaseUrl.Scheme == "https" ? ReadHallCa() : null;
                Http = new HttpClient(Handler()) { BaseAddress = BaseUrl, Timeout = _options.HttpTimeout };
                return;
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"hall-server exited with {_process.ExitCode}:\n{string.Join('\n', Output.TakeLast(40))}");
            await Task.Delay(20);
        }
        throw new TimeoutException($"hall-server did not start in {_options.StartTimeout}:\n{string.Join('\n', Output.TakeLast(40))}");
    }

    /// <summary>
    /// The public relay's address, once the hall says it is ready (<c>SESSION-PUBLIC-READY url</c>); for a hall
    /// started with <c>--Hall:PublicRelay:Enabled=true</c>.
    /// </summary>
    public async Task<Uri> PublicRelayUrlAsync()
    {
        const string ready = "SESSION-PUBLIC-READY ";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _options.StartTimeout)
        {
            if (Output.LastOrDefault(l => l.StartsWith(ready, StringComparison.Ordinal)) is { } line) return new Uri(line[ready.Length..].Trim());
            if (_process is { HasExited: true } p) throw new InvalidOperationException($"hall-server exited with {p.ExitCode}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"the public relay did not start in {_options.StartTimeout}:\n{string.Join('\n', Output.TakeLast(40))}");
    }

    /// <summary>The pin of this hall's CA (DATA_DIR/tls/hall-ca.crt) when the hall listens on https://, as a gateway is given it.</summary>
    public Session.Core.Transport.HallCaPin? HallCa { get; private set; }

    private Session.Core.Transport.HallCaPin ReadHallCa()
    {
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(SeenPath(Path.Combine("tls", "hall-ca.crt"))));
        return Session.Core.Transport.HallCaPin.Of(ca);
    }

    /// <summary>An HTTP handler for this hall: it trusts the hall CA when the hall is on HTTPS.</summary>
    public SocketsHttpHandler Handler()
    {
        var handler = new SocketsHttpHandler();
        if (HallCa is { } pin) handler.SslOptions.RemoteCertificateValidationCallback = pin.Validate;
        return handler;
    }

    private void TrustHallCa(Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions o)
    {
        if (HallCa is not { } pin) return;
        o.HttpMessageHandlerFactory = inner =>
        {
            if (inner is HttpClientHandler h) h.ServerCertificateCustomValidationCallback = (m, c, chain, e) => pin.Validate(m, c, chain, e);
            return inner;
        };
        o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = pin.Validate;
    }

    /// <summary>A hub connection to another server of this hall (the public relay), disposed with the hall.</summary>
    public HubConnection BuildConnectionAt(Uri server, string path, bool messagePack = false, bool webSocketOnly = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, path), o =>
        {
            if (!webSocketOnly) return;
            o.SkipNegotiation = true;
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
        });
        if (messagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    public async Task<string> ChairTokenAsync()
    {
        if (_chairToken is not null)
        {
            if (_chairTokenChecked) return _chairToken;
            // After a restart: a token the server still honours saves a login, whose TOTP code may mean waiting for the
            // next 30 s step (each code works once); one the server ended is replaced by a new login.
            using var probe = new HttpRequestMessage(HttpMethod.Get, "/api/terminals");
            probe.Headers.Authorization = new("Bearer", _chairToken);
            using var answer = await Http.SendAsync(probe);
            _chairTokenChecked = true;
            if (answer.IsSuccessStatusCode) return _chairToken;
        }
        _chairTokenChecked = true;
        // The password and a fresh TOTP code (the demo secretary's seed is known: SESSION_SECRETARY_TOTP_SEED).
        return _chairToken = await StaffLogin.TokenAsync(Http, "secretar", SecretaryPassword);
    }

    /// <param name="webSocketOnly">Skip the negotiate request and go straight to WebSockets: one TCP connection per client
    /// instead of two (the negotiate's keep-alive connection stays open), for load tests with thousands of clients.</param>
    /// <param name="localAddress">Connect from this local address (its negotiate and its WebSocket), e.g. a tablet's
    /// address behind a <see cref="HallNetwork"/>'s faulty link.</param>
    public HubConnection BuildConnection(string path, bool messagePack = false, Func<Task<string?>>? token = null, bool webSocketOnly = false, string? localAddress = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(BaseUrl, path), o =>
        {
            if (token is not null) o.AccessTokenProvider = token;
            TrustHallCa(o);
            if (localAddress is not null)
            {
                o.HttpMessageHandlerFactory = _ => LoopbackFrom.Handler(localAddress);
                o.WebSocketFactory = async (context, cancel) =>
                {
                    var socket = new System.Net.WebSockets.ClientWebSocket();
                    try
                    {
                        var invoker = new HttpMessageInvoker(LoopbackFrom.Handler(localAddress));
                        // The invoker lives as long as the socket: the upgraded connection came from its handler.
                        await socket.ConnectAsync(context.Uri, invoker, cancel);
                        return socket;
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
            }
            if (webSocketOnly)
            {
                o.SkipNegotiation = true;
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            }
        });
        if (messagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    public async Task<HubConnection> ConnectChairAsync(bool messagePack = false)
    {
        var token = await ChairTokenAsync();
        var c = BuildConnection(HubNames.ChairPath, messagePack, () => Task.FromResult<string?>(token));
        await c.StartAsync();
        return c;
    }

    public async Task<HubConnection> ConnectTerminalAsync(bool messagePack = false)
    {
        var c = BuildConnection(HubNames.TerminalPath, messagePack);
        await c.StartAsync();
        return c;
    }

    public async Task<HubConnection> ConnectPublicAsync(bool messagePack = false)
    {
        var c = BuildConnection(HubNames.PublicPath, messagePack);
        await c.StartAsync();
        return c;
    }

    public async Task<IssuedTerminal> IssueTerminalAsync(string kind, params int[] seats)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/terminals")
        {
            Content = JsonContent.Create(new IssueTerminalRequest(kind, seats, $"test {kind}")),
        };
        request.Headers.Authorization = new("Bearer", await ChairTokenAsync());
        var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<IssuedTerminal>() ?? throw new InvalidOperationException("empty reply");
        SecretLedger.Add(issued.Key);
        return issued;
    }

    public async Task<SittingView> CurrentSittingAsync() =>
        await Http.GetFromJsonAsync<SittingView>("/api/sittings/current") ?? throw new InvalidOperationException("no current sitting");

    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    /// <summary>
    /// A graceful stop, as systemd stops a node (<c>KillSignal=SIGTERM</c>): the host shuts down, Orleans leaves the
    /// cluster and the grains deactivate. Returns the exit code.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var p = _process ?? throw new InvalidOperationException("not started");
        if (p.HasExited) return p.ExitCode;
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString()])) kill?.WaitForExit();
        try { await p.WaitForExitAsync().WaitAsync(timeout); }
        catch (TimeoutException) { Kill(); throw new TimeoutException($"hall-server did not stop within {timeout} of SIGTERM; killed"); }
        return p.ExitCode;
    }

    public async Task RestartAsync()
    {
        Kill();
        await DisposeConnectionsAsync();
        Http?.Dispose();
        await LaunchAsync();
    }

    private async Task DisposeConnectionsAsync()
    {
        List<HubConnection> all;
        lock (_connections) { all = _connections.ToList(); _connections.Clear(); }
        foreach (var c in all)
        {
            try { await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeConnectionsAsync();
        Kill();
        _process?.Dispose();
        Http?.Dispose();
        if (_ownsDataDir)
        {
            try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
        }
    }
}
