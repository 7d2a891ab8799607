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
}

/// <summary>
/// The real hall server as a child process on 127.0.0.1 (Kestrel, Orleans, SQLite — nothing replaced), started from
/// the build output, with helpers to log in and connect real SignalR clients. Kill() is SIGKILL, for crash tests.
/// </summary>
public sealed class HallServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly HallServerStartOptions _options;
    private readonly bool _ownsDataDir;
    private readonly List<string> _output = new();
    private readonly List<HubConnection> _connections = new();
    private Process? _process;
    private string? _chairToken;

    public Uri BaseUrl { get; private set; } = null!;
    public string DataDir { get; }
    public string SecretaryPassword { get; }
    public HttpClient Http { get; private set; } = null!;

    public string GatewayKey => File.ReadAllText(Path.Combine(DataDir, "gateway.key")).Trim();
    public string BroadcastKey => File.ReadAllText(Path.Combine(DataDir, "broadcast.key")).Trim();

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    private HallServerProcess(HallServerStartOptions options)
    {
        _options = options;
        _ownsDataDir = options.DataDir is null;
        DataDir = options.DataDir ?? Directory.CreateTempSubdirectory("session-hall-").FullName;
        SecretaryPassword = options.Environment.GetValueOrDefault("SESSION_SECRETARY_PASSWORD") ?? "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
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
        var psi = new ProcessStartInfo(_options.OpenFileLimit is null ? "dotnet" : "/bin/sh")
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
        psi.ArgumentList.Add(ServerDll);
        foreach (var a in new[] { "--urls", "http://127.0.0.1:0", "--data-dir", DataDir }) psi.ArgumentList.Add(a);
        if (_options.Demo) psi.ArgumentList.Add("--demo");
        foreach (var a in _options.ExtraArgs) psi.ArgumentList.Add(a);
        psi.Environment["SESSION_SECRETARY_PASSWORD"] = SecretaryPassword;
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
        _chairToken = null;
        var seen = Output.Count;
        _process = Spawn();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            var line = Output.Skip(seen).FirstOrDefault(l => l.StartsWith("SESSION-READY ", StringComparison.Ordinal));
            if (line is not null)
            {
                BaseUrl = new Uri(line["SESSION-READY ".Length..].Trim());
                Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
                return;
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"hall-server exited with {_process.ExitCode}:\n{string.Join('\n', Output.TakeLast(40))}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"hall-server did not start in {StartTimeout}:\n{string.Join('\n', Output.TakeLast(40))}");
    }

    public async Task<string> ChairTokenAsync()
    {
        if (_chairToken is not null) return _chairToken;
        var response = await Http.PostAsJsonAsync("/api/auth/login", new LoginRequest("secretar", SecretaryPassword));
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<LoginReply>() ?? throw new InvalidOperationException("empty login reply");
        return _chairToken = reply.Token;
    }

    /// <param name="webSocketOnly">Skip the negotiate request and go straight to WebSockets: one TCP connection per client
    /// instead of two (the negotiate's keep-alive connection stays open), for load tests with thousands of clients.</param>
    public HubConnection BuildConnection(string path, bool messagePack = false, Func<Task<string?>>? token = null, bool webSocketOnly = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(BaseUrl, path), o =>
        {
            if (token is not null) o.AccessTokenProvider = token;
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
        return await response.Content.ReadFromJsonAsync<IssuedTerminal>() ?? throw new InvalidOperationException("empty reply");
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
