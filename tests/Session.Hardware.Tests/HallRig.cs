using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Session.Core.Wire;
using Session.Hardware.SeatBus;
using Session.Hardware.Tty;
using Session.SeatSimulator;
using Session.Testing;

namespace Session.Hardware.Tests;

/// <summary>
/// The demo hall wired as run.sh wires it: the real hall-server process, two Seat Bus lines on socat pty pairs
/// (line 0: addresses 1-14 = seats 1-14, line 1: addresses 1-13 = seats 15-27) with simulated seats holding the demo
/// deputies' cards, and the gateway as a process of its own.
/// </summary>
public sealed class HallRig : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly List<SocatPair> _pairs = new();
    private readonly List<FileStream> _ports = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("gwrig-").FullName;

    public HallServerProcess Hall { get; private set; } = null!;
    public HubConnection Chair { get; private set; } = null!;
    public SeatBusSimulator[] Lines { get; private set; } = [];
    public ProcessRunner? Gateway { get; private set; }
    /// <summary>The gateway reaches the hall-server through this relay, so a test can cut the network or move the server
    /// (none when the rig runs across a <see cref="HallNetwork"/>).</summary>
    public TcpCutter Network { get; private set; } = null!;
    public string ConfigPath => Path.Combine(_dir, "gateway.json");

    /// <summary>The simulated seat unit at a hall seat (1..27).</summary>
    public SimulatedSeat Seat(int seat) => seat <= 14 ? Lines[0][(byte)seat] : Lines[1][(byte)(seat - 14)];

    public static IEnumerable<int> AllSeats => Enumerable.Range(1, 27);

    /// <summary>HID devices for the gateway config: (device path, seat, kind).</summary>
    /// <param name="https">The hall on https:// only; the gateway is given <paramref name="hallCa"/> (the hall's own CA's
    /// fingerprint when null) as its <c>hallCa</c>.</param>
    /// <param name="net">The hall in this network's namespace and the gateway in its terminals' box, across the faulty
    /// link (<see cref="HallNetwork.OpenTerminalBox"/>) instead of through the <see cref="Network"/> relay.</param>
    public static async Task<HallRig> StartAsync(double noise = 0, (string Device, int Seat, string Kind)[]? hid = null, bool https = false, string? hallCa = null,
        HallNetwork? net = null)
    {
        var rig = new HallRig();
        try
        {
            rig.Hall = await HallServerProcess.StartAsync(net is not null
                ? new HallServerStartOptions { Launcher = net.Launcher, Urls = net.Urls, ExtraArgs = ["--Hall:Tls:AllowPlainHttp=true"] }
                : https ? new HallServerStartOptions { Urls = "https://127.0.0.1:0" } : null);
            Uri hubUrl;
            if (net is not null)
            {
                rig._launcher = net.OpenTerminalBox();
                hubUrl = rig.Hall.BaseUrl;
            }
            else
            {
                rig.Network = new TcpCutter(rig.Hall.BaseUrl);
                hubUrl = https ? new UriBuilder(rig.Network.Url) { Scheme = "https" }.Uri : rig.Network.Url;
            }
            rig._noise = noise;
            rig.Lines = new SeatBusSimulator[2];
            foreach (var line in new[] { 0, 1 })
            {
                rig._pairs.Add(await SocatPair.StartAsync());
                rig.StartLine(line);
            }
            File.WriteAllText(rig.ConfigPath, JsonSerializer.Serialize(new
            {
                hubUrl = hubUrl.ToString(),
                hallCa = https ? hallCa ?? rig.Hall.HallCa!.Fingerprint : null,
                keyFile = Path.Combine(rig.Hall.DataDir, "gateway.key"),
                stateFile = Path.Combine(rig._dir, "outbox.jsonl"),
                lines = new object[]
                {
                    new { tty = rig._pairs[0].B, baud = 115200, addresses = "1-14", firstSeat = 1, replyTimeoutMs = 150 },
                    new { tty = rig._pairs[1].B, baud = 115200, addresses = "1-13", firstSeat = 15, replyTimeoutMs = 150 },
                },
                hid = (hid ?? []).Select(h => new { device = h.Device, seat = h.Seat, kind = h.Kind }).ToArray(),
            }));
            rig.Chair = await rig.Hall.ConnectChairAsync();
            rig.StartGateway();
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    private static readonly (int Count, int FirstSeat)[] Layout = [(14, 1), (13, 15)];
    private double _noise;
    private string[] _launcher = [];

    private void StartLine(int line)
    {
        var (count, firstSeat) = Layout[line];
        var port = SerialPort.Open(_pairs[line].A, 115200);
        _ports.Add(port);
        var seats = Enumerable.Range(1, count).Select(a => new SimulatedSeat((byte)a)).ToList();
        foreach (var s in seats) s.InsertCard(Convert.FromHexString(SittingDriver.DemoCard(firstSeat + s.Address - 1)));
        Lines[line] = new SeatBusSimulator(port, seats, new SimulatorOptions { Baud = 115200, NoiseRate = _noise, Seed = 42 + firstSeat });
        Lines[line].Start();
    }

    /// <summary>The line's cable is pulled: its pty pair disappears, the gateway's port fails.</summary>
    public async Task UnplugLineAsync(int line)
    {
        Lines[line].Stop();
        await _pairs[line].DisposeAsync();
    }

    /// <summary>The cable goes back: a pty pair at the same paths, with seat units that just powered up.</summary>
    public async Task ReplugLineAsync(int line)
    {
        _pairs[line] = await SocatPair.StartAsync(_pairs[line].Dir);
        StartLine(line);
    }

    public void StartGateway() => Gateway = ProcessRunner.StartUnder(_launcher, ProcessRunner.Dll("Session.SeatGateway"), "--config", ConfigPath);

    public async Task<SeatView[]> SeatsAsync() => await Chair.InvokeAsync<SeatView[]>("Seats");

    /// <summary>kill -9 of the hall-server and a start on the same data (perhaps a new port: the relay follows it).</summary>
    public async Task RestartHallAsync()
    {
        await Hall.RestartAsync();
        Network.Target = Hall.BaseUrl;
        Chair = await Hall.ConnectChairAsync();
    }

    /// <summary>Registration opens; the gateway identifies every seat's card; registration closes with all 27.</summary>
    public async Task RegisterAllAsync()
    {
        await Eventually.True(async () => (await SeatsAsync()).Count(s => s.Online) == 27, "all 27 hardware seats online in the hall", Wait);
        await Chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        await Eventually.True(async () => (await Hall.CurrentSittingAsync()).Registered == 27, "27 deputies registered by card: " + Gateway?.AllOutput, Wait);
        await Chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
    }

    public async Task<string> OpenVoteAsync()
    {
        var voteId = await SittingDriver.OpenVoteAsync(Chair, Hall, seconds: 600);
        await Eventually.True(() => AllSeats.All(s => Seat(s).Lamps.HasFlag(Lamps.VoteOpen)), "every seat's vote lamp lit", Wait);
        return voteId;
    }

    public static Lamps LampOf(SeatKey key) => key switch { SeatKey.Yes => Lamps.Yes, SeatKey.No => Lamps.No, _ => Lamps.Abstain };

    /// <summary>Waits until every seat's lamps show the choice the hall-server holds for it.</summary>
    public async Task WaitForLampsAsync(IReadOnlyDictionary<int, SeatKey> last) =>
        await Eventually.True(() => last.All(kv => (Seat(kv.Key).Lamps & (Lamps.Yes | Lamps.No | Lamps.Abstain)) == LampOf(kv.Value)),
            "every seat's lamp shows its last press: " + Gateway?.AllOutput, Wait);

    /// <summary>The <c>VoteCast</c> events of a vote in the hall-server's journal, as (seat, choice, commandId).</summary>
    public List<(int Seat, string Choice, string CommandId)> JournalCasts(string voteId)
    {
        var casts = new List<(int, string, string)>();
        using var db = new SqliteConnection($"Data Source={Path.Combine(Hall.DataDir, "journal.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT canonical FROM journal ORDER BY sitting_id, seq";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            using var doc = JsonDocument.Parse(reader.GetString(0));
            var root = doc.RootElement;
            if (root.GetProperty("type").GetString() != "VoteCast") continue;
            var data = root.GetProperty("data");
            if (data.GetProperty("voteId").GetString() != voteId) continue;
            casts.Add((data.GetProperty("seat").GetInt32(), data.GetProperty("choice").GetString()!, data.GetProperty("commandId").GetString()!));
        }
        return casts;
    }

    public async Task<VoteView> CloseVoteAsync(string voteId)
    {
        await Chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        return await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<VoteView>(Hall.Http, $"/api/votes/{voteId}")
            ?? throw new InvalidOperationException("no vote view");
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        foreach (var l in Lines ?? []) l?.Stop();
        foreach (var p in _pairs) await p.DisposeAsync();
        foreach (var p in _ports) p.Dispose();
        if (Network is not null) await Network.DisposeAsync();
        if (Hall is not null) await Hall.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
