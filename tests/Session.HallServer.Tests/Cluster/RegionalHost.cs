using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Cluster;

/// <summary>
/// A regional host for a class of tests: real PostgreSQL (the journal, the registry and the audit chains), real Redis,
/// three real hall-server nodes in one Orleans cluster (sharing one data dir for the keys and files), real nginx in front. The demo's two councils
/// (<c>--demo-councils 2</c>, as <c>scripts/cluster.sh</c> seeds them) are seeded once by the first node; in the first council seats
/// 1–26 are registered and a named vote is open for an hour. Each node keeps its HTTP port across a restart, so nginx's
/// upstream list stays right.
/// </summary>
public sealed class RegionalHost : IAsyncLifetime
{
    public const string SittingId = "vyshneva-45-2";
    public const string Council = "vyshneva";
    public const string SecondCouncil = "kalynivka";
    public const string SecondSecretary = "secretar-kalynivka";
    private readonly string _password = "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
    private readonly string _seed = OtpNet.Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20)).TrimEnd('=');
    private readonly string _clusterId = "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly List<HubConnection> _connections = new();
    private string? _chairToken;

    public PostgresServer Postgres { get; private set; } = null!;
    /// <summary>The nodes' database (its password only ever in the environment).</summary>
    public string Database { get; private set; } = "";
    public RedisServer Redis { get; private set; } = null!;
    public NginxServer Nginx { get; private set; } = null!;
    public HallServerProcess[] Nodes { get; private set; } = [];
    public string DataDir { get; } = Directory.CreateTempSubdirectory("session-cluster-").FullName;
    public HttpClient Http { get; private set; } = null!;
    public string VoteId { get; private set; } = "";

    public string SecretaryPassword => _password;

    /// <summary>Every Redis key and channel of this cluster starts with this (<c>Hall:Cluster:ServiceId</c> is the default).</summary>
    public string RedisPrefix => $"session:session:{_clusterId}:";

    private HallServerStartOptions NodeOptions(bool demo) => new()
    {
        DataDir = DataDir,
        Demo = demo,
        Urls = $"http://127.0.0.1:{Session.HallServer.Hosting.FreePorts.Next()}",
        Environment = new() { ["SESSION_SECRETARY_PASSWORD"] = _password, ["SESSION_SECRETARY_TOTP_SEED"] = _seed, ["ConnectionStrings__Session"] = Database },
        ExtraArgs = ["--Hall:Storage=postgres", "--Hall:Cluster:Redis=" + Redis.ConnectionString, "--Hall:Cluster:ClusterId=" + _clusterId, "--Hall:DemoCouncils=2"],
    };

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartNewAsync();
        Database = await Postgres.CreateDatabaseAsync("cluster");
        Redis = await RedisServer.StartNewAsync();
        // The first node seeds the demo; the others join it on the same data.
        var first = await HallServerProcess.StartAsync(NodeOptions(demo: true));
        var others = await Task.WhenAll(HallServerProcess.StartAsync(NodeOptions(false)), HallServerProcess.StartAsync(NodeOptions(false)));
        Nodes = [first, .. others];
        Nginx = await NginxServer.StartAsync(Nodes.Select(n => n.BaseUrl));
        Http = new HttpClient { BaseAddress = Nginx.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        StaffLogin.Remember(Nginx.BaseUrl, "secretar", _seed);
        StaffLogin.Remember(Nginx.BaseUrl, SecondSecretary, _seed);

        var chair = await ChairAsync(Nginx.BaseUrl);
        var gateway = await GatewayAsync(Nginx.BaseUrl);
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 26));
        var sitting = await SittingAsync();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
        VoteId = (await chair.InvokeAsync<CommandAck>("OpenVote",
            new OpenVoteRequest("Про тестове рішення в цілому", "as-a-whole", "majority-of-composition", "named", 3600)).Must()).Id!;
    }

    public async Task<SittingView> SittingAsync() =>
        await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<SittingView>(Http, "/api/sittings/" + SittingId) ?? throw new InvalidOperationException("no sitting");

    /// <summary>A hub connection as our clients make it: WebSockets, no negotiate request, to any node or to nginx.</summary>
    public HubConnection Connection(Uri server, string path, string? token = null)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server, path), o =>
        {
            o.SkipNegotiation = true;
            o.Transports = HttpTransportType.WebSockets;
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    public async Task<string> ChairTokenAsync() => _chairToken ??= await StaffLogin.TokenAsync(Http, "secretar", _password);

    public async Task<HubConnection> ChairAsync(Uri server)
    {
        var c = Connection(server, HubNames.ChairPath, await ChairTokenAsync());
        await c.StartAsync();
        // StartAsync returns at the handshake, before the hub's OnConnectedAsync has joined the council's group (on a
        // node just restarted, its first connection also opens the backplane's Redis connection first): a push sent in
        // between never reaches this console (the "first tally after a restart" of docs/deploy.md). An invocation is
        // answered only after OnConnectedAsync, as the secretary's console does with its first Seats().
        await c.InvokeAsync<SeatView[]>("Seats");
        return c;
    }

    /// <summary>A public viewer of the first demo council (with two councils there is no unscoped <c>Watch()</c>).</summary>
    public async Task<HubConnection> AudienceAsync(Uri server, Action<HubConnection> subscribe)
    {
        var audience = Connection(server, HubNames.PublicPath);
        subscribe(audience);
        await audience.StartAsync();
        if (await audience.InvokeAsync<SittingView?>("WatchCouncil", Council) is null) throw new InvalidOperationException("the public sees no sitting of " + Council);
        return audience;
    }

    public async Task<HubConnection> GatewayAsync(Uri server, string? key = null)
    {
        var c = Connection(server, HubNames.TerminalPath);
        await c.StartAsync();
        var hello = await c.InvokeAsync<HelloReply>("Hello", new HelloRequest(key ?? Nodes[0].GatewayKey, "test-gateway"));
        if (!hello.Accepted) throw new InvalidOperationException("gateway key refused: " + hello.Reason);
        return c;
    }

    /// <summary>
    /// Writes each node's last error lines to the test's output; returns false, so that it can run in an exception
    /// filter (<c>catch (Exception) when (host.ShowErrors(output))</c>) without catching anything.
    /// </summary>
    public bool ShowErrors(Xunit.Abstractions.ITestOutputHelper output)
    {
        foreach (var node in Nodes)
        {
            var lines = node.Output.ToArray();
            var errors = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("fail:", StringComparison.Ordinal)).TakeLast(6);
            foreach (var i in errors)
                output.WriteLine($"{node.BaseUrl}: " + string.Join(" | ", lines.Skip(i).Take(4)));
        }
        return false;
    }

    /// <summary>The live node whose activation of the sitting's grain read the most events (the grain logs each activation).</summary>
    public HallServerProcess GrainHolder()
    {
        var rebuilt = new Regex($@"Sitting {SittingId} activated on this node from (\d+) journal events");
        return Nodes.Where(n => n.ExitCode is null)
            .Select(n => (Node: n, Events: n.Output.Select(l => rebuilt.Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max()))
            .Where(x => x.Events >= 0).OrderByDescending(x => x.Events).Select(x => x.Node).FirstOrDefault()
            ?? throw new InvalidOperationException("no node activated the sitting");
    }

    public async Task DisposeAsync()
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
