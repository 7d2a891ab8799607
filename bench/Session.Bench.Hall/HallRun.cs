using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Journal;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.HallServer.Storage;
using Session.Testing;

namespace Session.Bench.Hall;

/// <summary>
/// One run of the hall bench on a fresh hall server (bench/README.md): the floors without public load, the burst
/// without viewers, the same burst with N viewers, then the raw-WebSocket broadcast floor to N viewers. Pinned: the
/// server (and later the floor server) on core 0, this process with its terminals and the viewer driver on core 1.
/// </summary>
public sealed class HallRun(BenchOptions options, bool pinned, Action<string> log)
{
    private const string ServerCores = "0";
    private string? ClientCores => pinned ? (Environment.ProcessorCount > 2 ? $"1-{Environment.ProcessorCount - 1}" : "1") : null;
    private readonly Random _random = new(450);
    private readonly RunResult _result = new(pinned ? "pinned: server on core 0, terminals and viewers on core 1" : "unpinned: every process on every core");

    public async Task<RunResult> RunAsync()
    {
        if (ClientCores is { } mine) Cpu.Pin(Environment.ProcessId, mine);
        try
        {
            var sample = await HallAsync();
            await RawFloorAsync(sample);
        }
        finally
        {
            if (pinned) Cpu.Pin(Environment.ProcessId, Cpu.AllCores);
        }
        return _result;
    }

    private async Task<byte[]> HallAsync()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            ExtraArgs = ["--demo-deputies", (options.Seats - 1).ToString()],
            Environment = new() { ["Logging__LogLevel__Default"] = "Warning" },
            StartTimeout = TimeSpan.FromMinutes(5), // seeding 450 deputies took over 90 s at a load average of 70
        });
        var serverPid = hall.ProcessId;
        if (pinned) Cpu.Pin(serverPid, ServerCores);
        log($"hall-server {serverPid} at {hall.BaseUrl}");

        var tallies = 0;
        var chair = await hall.ConnectChairAsync(messagePack: true);
        chair.On<TallyUpdate>(HubNames.Tally, _ => Interlocked.Increment(ref tallies));
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var terminals = new HubConnection[options.Seats];
        var echoClients = new HubConnection[options.Seats];
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Seats), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (seat, _) =>
        {
            // One tablet key per seat, as the secretary issues them: each terminal hears only its own seat's lamps.
            // The demo council seeded with --demo-deputies N seats its head at the last seat.
            var key = await hall.IssueTerminalAsync("tablet", seat);
            var c = hall.BuildConnection(HubNames.TerminalPath, messagePack: true);
            await c.StartAsync();
            var hello = await c.InvokeAsync<HelloReply>("Hello", new HelloRequest(key.Key));
            if (!hello.Accepted) throw new InvalidOperationException(hello.Reason);
            await c.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Pin: SittingDriver.DemoPin(seat), Deputy: seat == options.Seats ? "head" : SittingDriver.DemoDeputy(seat))).Must();
            terminals[seat - 1] = c;
            var echo = hall.BuildConnection(HubNames.PublicPath, messagePack: true);
            await echo.StartAsync();
            echoClients[seat - 1] = echo;
        });
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var sitting = await hall.CurrentSittingAsync();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
        log($"{options.Seats} terminals identified and registered");

        // The floors, with no public load: one journal commit, and the bare echo in the burst's pattern.
        CommitFloor(Path.Combine(hall.DataDir, "bench-journal.db"), 300);
        for (var round = 0; round < 3; round++) await EchoRoundAsync(echoClients, _result.Echo);
        log($"floors: echo p99 {_result.Echo.At(99):F2} ms, commit p99 {_result.Commit.At(99):F2} ms");

        // The burst without viewers.
        var bareAcks = new ConcurrentDictionary<long, long>();
        var cpu = Cpu.Seconds(serverPid);
        for (var vote = 0; vote < options.Votes; vote++) await VoteAsync(chair, terminals, _result.AckBare, bareAcks, $"без глядачів {vote + 1}");
        _result.CpuBare = Cpu.Seconds(serverPid) - cpu;
        _result.UpdatesBare = Interlocked.Exchange(ref tallies, 0);
        log($"no viewers: ack p50 {_result.AckBare.At(50):F2} ms, p99 {_result.AckBare.At(99):F2} ms, {_result.UpdatesBare} tally updates");

        // The same burst with N viewers.
        var url = options.ViewersUrl is { } given ? AsWebSocket(given) : BenchOptions.WebSocketUrl(hall.BaseUrl, HubNames.PublicPath);
        await using var driver = await ViewerDriver.StartAsync(url, options.Viewers, options.Council, ClientCores, log);
        (_result.Viewers, _result.ViewersGaveUp) = (driver.Watching, driver.GaveUp);
        log($"{driver.Watching} viewers watching {url} ({driver.GaveUp} gave up)");
        if (driver.Watching == 0) throw new InvalidOperationException($"no viewer could watch {url}");
        await driver.ReportAsync(); // forget anything before the burst
        cpu = Cpu.Seconds(serverPid);
        await Task.Delay(2000);
        _result.CpuIdleWithViewers = (Cpu.Seconds(serverPid) - cpu) / 2;

        var loadedAcks = new ConcurrentDictionary<long, long>();
        tallies = 0;
        cpu = Cpu.Seconds(serverPid);
        for (var vote = 0; vote < options.Votes; vote++)
        {
            await EchoRoundAsync(echoClients, _result.EchoLoaded);
            await VoteAsync(chair, terminals, _result.AckLoaded, loadedAcks, $"з глядачами {vote + 1}");
        }
        _result.CpuLoaded = Cpu.Seconds(serverPid) - cpu;
        _result.UpdatesLoaded = Interlocked.Exchange(ref tallies, 0);
        log($"with viewers: ack p50 {_result.AckLoaded.At(50):F2} ms, p99 {_result.AckLoaded.At(99):F2} ms, {_result.UpdatesLoaded} tally updates");

        var seen = await driver.ReportAsync();
        _result.ViewersFailed = seen.Failed;
        _result.UpdatesDriverSaw = seen.Updates.Count;
        foreach (var u in seen.Updates)
        {
            if (!loadedAcks.TryGetValue(u.Seq, out var acked)) continue;
            _result.UpdatesSeen++;
            if (u.Viewers >= driver.Watching) _result.UpdatesSeenByAll++;
            _result.FanSpread.RecordBetween(u.First, u.Last);
            _result.FanLast.RecordBetween(acked, u.Last);
        }
        if (hall.ExitCode is { } died) throw new InvalidOperationException($"hall-server exited with {died}:\n" + string.Join('\n', hall.Output.TakeLast(30)));
        return seen.Sample ?? throw new InvalidOperationException("no viewer received a Tally frame / жоден глядач не отримав кадру Tally");
    }

    /// <summary>The same frame to the same number of sockets from the same driver, with no SignalR, on the server's core.</summary>
    private async Task RawFloorAsync(byte[] sample)
    {
        _result.FrameBytes = sample.Length;
        await using var server = new ChildProcess("Session.Bench.Hall.dll", ["--raw-floor-server"]);
        if (pinned) Cpu.Pin(server.Id, ServerCores);
        var ready = await server.ReadLineAsync(TimeSpan.FromSeconds(60));
        if (!ready.StartsWith("RAW-READY ", StringComparison.Ordinal)) throw new InvalidOperationException("raw floor server: " + ready);
        var baseUrl = new Uri(ready["RAW-READY ".Length..]);
        await using var driver = await ViewerDriver.StartAsync(BenchOptions.WebSocketUrl(baseUrl, "/ws"), options.Viewers, options.Council, ClientCores, log);
        _result.RawViewers = driver.Watching;
        var count = Math.Max(20, _result.UpdatesLoaded);
        var cpu = Cpu.Seconds(server.Id);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        var reply = await http.PostAsync($"/broadcast?count={count}&intervalMs=50", new ByteArrayContent(sample[..^1]));
        reply.EnsureSuccessStatusCode();
        _result.CpuRaw = Cpu.Seconds(server.Id) - cpu;
        var scheduled = (await reply.Content.ReadAsStringAsync()).Split('\n').Select(long.Parse).ToArray();
        await Task.Delay(1000);
        var seen = await driver.ReportAsync();
        _result.RawBroadcasts = scheduled.Length;
        foreach (var u in seen.Updates)
        {
            var k = u.Seq - RawFloorServer.FirstSeq;
            if (k < 0 || k >= scheduled.Length) continue;
            if (u.Viewers >= driver.Watching) _result.RawSeenByAll++;
            _result.RawLast.RecordBetween(scheduled[k], u.Last);
            _result.RawSpread.RecordBetween(u.First, u.Last);
        }
        log($"raw floor: {driver.Watching} viewers, last viewer p99 {_result.RawLast.At(99):F2} ms over {scheduled.Length} broadcasts");
    }

    private void CommitFloor(string path, int count)
    {
        using var store = new SqliteJournalStore(path);
        var prev = HashChain.Genesis("bench");
        for (var seq = 1; seq <= count; seq++)
        {
            var entry = HashChain.Seal(seq, DateTimeOffset.UtcNow, new VoteCast("bench-vote", "bench-deputy", 1, Choice.Yes, SittingDriver.NewCommandId()), prev);
            prev = entry.Hash;
            var start = Stopwatch.GetTimestamp();
            store.Append("bench", [entry]);
            _result.Commit.RecordBetween(start, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Every connection pings once at a moment drawn in advance within one second; timed from that moment.</summary>
    private async Task EchoRoundAsync(HubConnection[] clients, LatencyHistogram into)
    {
        var start = Stopwatch.GetTimestamp() + Ticks.FromMs(100);
        var moments = clients.Select(_ => start + Ticks.FromMs(_random.Next(1000))).ToArray();
        await Task.WhenAll(clients.Select(async (c, i) =>
        {
            await Ticks.Until(moments[i]);
            await c.InvokeAsync<long>("Ping", (long)i);
            into.RecordBetween(moments[i], Stopwatch.GetTimestamp());
        }));
    }

    /// <summary>One vote: every seat presses once at a moment drawn in advance within one second; the ack is timed from that moment.</summary>
    private async Task VoteAsync(HubConnection chair, HubConnection[] terminals, LatencyHistogram into, ConcurrentDictionary<long, long> acks, string title)
    {
        var voteId = (await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest($"Навантажувальне голосування {title}", "as-a-whole", "majority-of-composition", "named", 600)).Must()).Id!;
        var start = Stopwatch.GetTimestamp() + Ticks.FromMs(100);
        var moments = terminals.Select(_ => start + Ticks.FromMs(_random.Next(1000))).ToArray();
        await Task.WhenAll(terminals.Select(async (t, i) =>
        {
            await Ticks.Until(moments[i]);
            var choice = (i % 3) switch { 0 => "yes", 1 => "no", _ => "abstain" };
            var ack = await t.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), i + 1, voteId, choice));
            var end = Stopwatch.GetTimestamp();
            if (!ack.Accepted) throw new InvalidOperationException($"{ack.Reason}: {ack.MessageEn}");
            acks[ack.JournalSeq!.Value] = end;
            into.RecordBetween(moments[i], end);
        }));
        await Task.Delay(1500); // the last coalesced tally reaches everyone
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
    }

    private static Uri AsWebSocket(Uri url) => url.Scheme switch
    {
        "http" => new UriBuilder(url) { Scheme = "ws" }.Uri,
        "https" => new UriBuilder(url) { Scheme = "wss" }.Uri,
        _ => url,
    };
}
