using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Session.Testing;

/// <summary>How a <see cref="RegionalCluster"/> is started.</summary>
public sealed record RegionalClusterOptions
{
    public int Nodes { get; init; } = 3;
    /// <summary>The first node seeds the demo (the others never do); without it the first node writes the setup token.</summary>
    public bool Demo { get; init; } = true;
    public int DemoCouncils { get; init; } = 2;
    /// <summary>The demo secretary's password and TOTP seed (base32), given to every node by environment.</summary>
    public string? SecretaryPassword { get; init; }
    public string? SecretaryTotpSeed { get; init; }
    public Dictionary<string, string> Environment { get; init; } = new();
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(180);
    /// <summary>The timeout of the nodes' and nginx's <see cref="HttpClient"/>s.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Runs once the first node is ready and before the others start (e.g. the first-start setup with its token).</summary>
    public Func<HallServerProcess, Task>? FirstNodeReady { get; init; }
}

/// <summary>
/// A regional host on this machine for tests and benchmarks (docs/deploy.md, as <c>scripts/cluster.sh</c> starts it):
/// real PostgreSQL (the journal, the registry and the audit chains; run as the <c>postgres</c> user when root), real
/// Redis, N real hall-server nodes in one Orleans cluster sharing one data dir for keys and files, real nginx in
/// front, every port free on 127.0.0.1. Each node keeps its HTTP port across a restart, so nginx's upstream list stays right.
/// </summary>
public sealed class RegionalCluster : IAsyncDisposable
{
    private readonly RegionalClusterOptions _options;
    private readonly string _clusterId = "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly List<HubConnection> _connections = new();

    public PostgresServer Postgres { get; private set; } = null!;
    /// <summary>The nodes' database (its password only ever in the environment).</summary>
    public string Database { get; private set; } = "";
    public RedisServer Redis { get; private set; } = null!;
    public NginxServer Nginx { get; private set; } = null!;
    public HallServerProcess[] Nodes { get; private set; } = [];
    public string DataDir { get; } = Directory.CreateTempSubdirectory("session-cluster-").FullName;
    /// <summary>Through nginx.</summary>
    public HttpClient Http { get; private set; } = null!;
    /// <summary>Every Redis key and channel of this cluster starts with this (<c>Hall:Cluster:ServiceId</c> is the default).</summary>
    public string RedisPrefix => $"session:session:{_clusterId}:";

    private RegionalCluster(RegionalClusterOptions options) => _options = options;

    public static async Task<RegionalCluster> StartAsync(RegionalClusterOptions options)
    {
        if (options.Nodes is < 1 or > 9) throw new ArgumentOutOfRangeException(nameof(options), "nodes: from 1 to 9");
        var cluster = new RegionalCluster(options);
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private HallServerStartOptions NodeOptions(bool first)
    {
        var env = new Dictionary<string, string>(_options.Environment) { ["ConnectionStrings__Session"] = Database };
        if (_options.SecretaryPassword is { } password) env["SESSION_SECRETARY_PASSWORD"] = password;
        if (_options.SecretaryTotpSeed is { } seed) env["SESSION_SECRETARY_TOTP_SEED"] = seed;
        return new()
        {
            DataDir = DataDir,
            Demo = _options.Demo && first,
            Urls = $"http://127.0.0.1:{Session.HallServer.Hosting.FreePorts.Next()}",
            Environment = env,
            StartTimeout = _options.StartTimeout,
            HttpTimeout = _options.HttpTimeout,
            ExtraArgs = ["--Hall:Storage=postgres", "--Hall:Cluster:Redis=" + Redis.ConnectionString, "--Hall:Cluster:ClusterId=" + _clusterId,
                "--Hall:TrustedProxies:0=127.0.0.1",
                .. _options.Demo ? ["--Hall:DemoCouncils=" + _options.DemoCouncils] : Array.Empty<string>()],
        };
    }

    private async Task StartAsync()
    {
        Postgres = await PostgresServer.StartNewAsync();
        Database = await Postgres.CreateDatabaseAsync("cluster");
        Redis = await RedisServer.StartNewAsync();
        // The first node seeds (the demo, or the setup token); the others join it on the same data.
        var first = await HallServerProcess.StartAsync(NodeOptions(first: true));
        Nodes = [first];
        if (_options.FirstNodeReady is { } ready) await ready(first);
        var others = await Task.WhenAll(Enumerable.Range(1, _options.Nodes - 1).Select(_ => HallServerProcess.StartAsync(NodeOptions(first: false))));
        Nodes = [first, .. others];
        Nginx = await NginxServer.StartAsync(Nodes.Select(n => n.BaseUrl));
        Http = new HttpClient { BaseAddress = Nginx.BaseUrl, Timeout = _options.HttpTimeout };
    }

    /// <summary>A hub connection as our clients make it: WebSockets, no negotiate request, to any node or to nginx.</summary>
    public HubConnection Connection(Uri server, string path, string? token = null, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, path), o =>
        {
            o.SkipNegotiation = true;
            o.Transports = HttpTransportType.WebSockets;
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        });
        if (messagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    /// <summary>A seat gateway (or a tablet: any terminal key) said hello through <paramref name="server"/>.</summary>
    public async Task<HubConnection> TerminalAsync(Uri server, string key, string label, bool messagePack = false)
    {
        var c = Connection(server, Session.Core.Wire.HubNames.TerminalPath, messagePack: messagePack);
        await c.StartAsync();
        var hello = await c.InvokeAsync<Session.Core.Wire.HelloReply>("Hello", new Session.Core.Wire.HelloRequest(key, label));
        if (!hello.Accepted)
        {
            await c.DisposeAsync();
            throw new InvalidOperationException("terminal key refused: " + hello.Reason);
        }
        return c;
    }

    /// <summary>The live node whose activation of the sitting's grain read the most events (the grain logs each activation): the one holding it now.</summary>
    public HallServerProcess GrainHolder(string sittingId)
    {
        var rebuilt = new Regex($@"Sitting {Regex.Escape(sittingId)} activated on this node from (\d+) journal events");
        return Nodes.Where(n => n.ExitCode is null)
            .Select(n => (Node: n, Events: n.Output.Select(l => rebuilt.Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max()))
            .Where(x => x.Events >= 0).OrderByDescending(x => x.Events).Select(x => x.Node).FirstOrDefault()
            ?? throw new InvalidOperationException("no node activated the sitting " + sittingId);
    }

    /// <summary>How many lines each node has written so far, to look for what a node logged after a moment.</summary>
    public Dictionary<HallServerProcess, int> OutputMarks() => Nodes.ToDictionary(n => n, n => n.Output.Count);

    /// <summary>The node other than <paramref name="except"/> that logged an activation of the sitting after <paramref name="marks"/>, if any.</summary>
    public HallServerProcess? ActivatedSince(string sittingId, Dictionary<HallServerProcess, int> marks, HallServerProcess except) =>
        Nodes.Where(n => n != except).FirstOrDefault(n =>
            n.Output.Skip(marks.GetValueOrDefault(n)).Any(l => l.Contains($"Sitting {sittingId} activated on this node", StringComparison.Ordinal)));

    /// <summary>Each node's last error lines ("fail:" and the three lines after), prefixed by the node's address.</summary>
    public IEnumerable<string> Errors(int perNode = 6)
    {
        foreach (var node in Nodes)
        {
            var lines = node.Output.ToArray();
            foreach (var i in Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("fail:", StringComparison.Ordinal)).TakeLast(perNode))
                yield return $"{node.BaseUrl}: " + string.Join(" | ", lines.Skip(i).Take(4));
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<HubConnection> all;
        lock (_connections) all = _connections.ToList();
        foreach (var c in all)
        {
            try { await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        }
        Http?.Dispose();
        if (Nginx is not null) await Nginx.DisposeAsync();
        foreach (var n in Nodes) await n.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
