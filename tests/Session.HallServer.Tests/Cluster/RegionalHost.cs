using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Cluster;

/// <summary>
/// A regional host for a class of tests: a <see cref="RegionalCluster"/> (real PostgreSQL, Redis, three hall-server
/// nodes in one Orleans cluster, nginx in front; the start-up is shared with bench/Session.Bench.Region). The demo's two councils
/// (<c>--demo-councils 2</c>, as <c>scripts/cluster.sh</c> seeds them) are seeded once by the first node; in the first council seats
/// 1–26 are registered and a named vote is open for an hour.
/// </summary>
public sealed class RegionalHost : IAsyncLifetime
{
    public const string SittingId = "vyshneva-45-2";
    public const string Council = "vyshneva";
    public const string SecondCouncil = "kalynivka";
    public const string SecondSecretary = "secretar-kalynivka";
    /// <summary>
    /// <c>Hall:RateLimits:LoginAttemptsPerAddressPerMinute</c> of every node: low, so that a fact reaches it in a few
    /// attempts from an address of its own (<see cref="ClientFrom"/>), yet above the other facts' logins from 127.0.0.1.
    /// </summary>
    public const int LoginAttemptsPerAddressPerMinute = 12;
    private readonly string _password = "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
    private readonly string _seed = OtpNet.Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20)).TrimEnd('=');
    private RegionalCluster _cluster = null!;
    private string? _chairToken;
    private RegistryClient? _admin;

    public RegionalCluster Cluster => _cluster;
    public PostgresServer Postgres => _cluster.Postgres;
    /// <summary>The nodes' database (its password only ever in the environment).</summary>
    public string Database => _cluster.Database;
    public RedisServer Redis => _cluster.Redis;
    public NginxServer Nginx => _cluster.Nginx;
    public HallServerProcess[] Nodes => _cluster.Nodes;
    public string DataDir => _cluster.DataDir;
    public HttpClient Http => _cluster.Http;
    public string VoteId { get; private set; } = "";

    public string SecretaryPassword => _password;

    /// <summary>Every Redis key and channel of this cluster starts with this (<c>Hall:Cluster:ServiceId</c> is the default).</summary>
    public string RedisPrefix => _cluster.RedisPrefix;

    public async Task InitializeAsync()
    {
        _cluster = await RegionalCluster.StartAsync(new RegionalClusterOptions
        {
            Nodes = 3, Demo = true, DemoCouncils = 2, SecretaryPassword = _password, SecretaryTotpSeed = _seed,
            Environment = { ["Hall__RateLimits__LoginAttemptsPerAddressPerMinute"] = LoginAttemptsPerAddressPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
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
    public HubConnection Connection(Uri server, string path, string? token = null) => _cluster.Connection(server, path, token);

    public async Task<string> ChairTokenAsync() => _chairToken ??= await StaffLogin.TokenAsync(Http, "secretar", _password);

    /// <summary>
    /// The host's admin, logged in on the first node. The demo makes none and writes no setup token, so the account is
    /// put in the registry as the first-start setup puts it; its first login enrols TOTP.
    /// </summary>
    public async Task<RegistryClient> HostAdminAsync()
    {
        if (_admin is not null) return _admin;
        var registry = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Session.HallServer.Storage.RegistryDb>();
        Session.HallServer.Storage.RegistryProviders.UsePostgresRegistry(registry, Database);
        await using (var ctx = new Session.HallServer.Storage.RegistryDb(registry.Options))
        {
            ctx.Accounts.Add(new Session.HallServer.Storage.AccountEntity { Login = RegistryClient.AdminLogin, PasswordHash = Session.HallServer.Auth.Passwords.Hash(RegistryClient.AdminPassword), Role = Session.HallServer.Auth.Roles.Admin });
            await ctx.SaveChangesAsync();
        }
        return _admin = new RegistryClient(Nodes[0], await StaffLogin.TokenAsync(Nodes[0].Http, RegistryClient.AdminLogin, RegistryClient.AdminPassword));
    }

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

    /// <summary>
    /// An HTTP client of <paramref name="server"/> whose connections come from <paramref name="local"/>: any 127.x.y.z is
    /// this machine's loopback, so a fact gets a client address of its own, which no other fact's requests count against.
    /// </summary>
    public static HttpClient ClientFrom(System.Net.IPAddress local, Uri server) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new System.Net.IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A public viewer of the first demo council (with two councils there is no unscoped <c>Watch()</c>).</summary>
    public async Task<HubConnection> AudienceAsync(Uri server, Action<HubConnection> subscribe)
    {
        var audience = Connection(server, HubNames.PublicPath);
        subscribe(audience);
        await audience.StartAsync();
        if (await audience.InvokeAsync<SittingView?>("WatchCouncil", Council) is null) throw new InvalidOperationException("the public sees no sitting of " + Council);
        return audience;
    }

    public Task<HubConnection> GatewayAsync(Uri server, string? key = null) => _cluster.TerminalAsync(server, key ?? Nodes[0].GatewayKey, "test-gateway");

    /// <summary>
    /// Writes each node's last error lines to the test's output; returns false, so that it can run in an exception
    /// filter (<c>catch (Exception) when (host.ShowErrors(output))</c>) without catching anything.
    /// </summary>
    public bool ShowErrors(Xunit.Abstractions.ITestOutputHelper output)
    {
        foreach (var line in _cluster.Errors()) output.WriteLine(line);
        return false;
    }

    /// <summary>The live node holding the first council's current sitting now (the last to activate its grain).</summary>
    public HallServerProcess GrainHolder() => _cluster.GrainHolder(SittingId);

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
