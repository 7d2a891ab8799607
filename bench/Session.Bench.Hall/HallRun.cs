using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Journal;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.HallServer.Storage;
using Session.Testing;

namespace Session.Bench.Hall;

/// <summary>
/// One run of the hall bench on a fresh hall server (bench/README.md): the floors without public load, the burst
/// without viewers, the same burst with N viewers on each audience (the hall's own hub, the public relay in JSON and
/// in MessagePack), then the raw-WebSocket broadcast floor to N viewers. Pinned: the server with its relay (and later
/// the floor server) on core 0, this process with its terminals and the viewer driver on core 1.
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
        var relayed = options.Audiences.Any(a => a != Audience.Hall);
        string[] relayArgs = relayed
            // The relay as run.sh starts it (nice 10), with room for the whole audience; the hall's own hub keeps room
            // for the audience of the hall phase too.
            ? ["--Hall:PublicRelay:Enabled=true", $"--Hall:PublicRelay:MaxViewers={options.Viewers + 100}", $"--Hall:PublicRelay:HallViewers={options.Viewers + 1000}"]
            : [];
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            ExtraArgs = ["--demo-deputies", (options.Seats - 1).ToString(), .. relayArgs],
            Environment = new(options.HallEnvironment) { ["Logging__LogLevel__Default"] = "Warning" },
            StartTimeout = TimeSpan.FromMinutes(5), // seeding 450 deputies took over 90 s at a load average of 70
        });
        var serverPid = hall.ProcessId;
        if (pinned) Cpu.Pin(serverPid, ServerCores);
        log($"hall-server {serverPid} at {hall.BaseUrl}");
        Uri? relayUrl = null;
        var relayPid = 0;
        if (relayed)
        {
            relayUrl = await hall.PublicRelayUrlAsync();
            relayPid = Cpu.Children(serverPid).Single();
            // The relay runs on the hall's machine: pinned, it shares the hall's core, at its lower priority.
            if (pinned) Cpu.Pin(relayPid, ServerCores);
            log($"public relay {relayPid} at {relayUrl}");
        }

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

        // The warm-up: the first burst on the fresh server is reported apart (cold: the JIT compiles the hot path as it
        // runs); the rest only warm. Then the JIT's second tier is given time to finish before anything is measured.
        for (var vote = 0; vote < options.Warmup; vote++)
        {
            await EchoRoundAsync(echoClients, new LatencyHistogram("warm-up"));
            await VoteAsync(chair, terminals, vote == 0 ? _result.AckCold : new LatencyHistogram("warm-up"), new(), $"розминка {vote + 1}");
        }
        if (options.Warmup > 0)
        {
            log($"warm-up: {options.Warmup} bursts; the first (cold) ack p50 {_result.AckCold.At(50):F2} ms, p99 {_result.AckCold.At(99):F2} ms");
            await Task.Delay(2000);
        }

        // The floors, with no public load: one journal commit, and the bare echo in the burst's pattern.
        CommitFloor(Path.Combine(hall.DataDir, "bench-journal.db"), 300);
        for (var round = 0; round < 3; round++) await EchoRoundAsync(echoClients, _result.Echo);
        log($"floors: echo p99 {_result.Echo.At(99):F2} ms, commit p99 {_result.Commit.At(99):F2} ms");

        // The burst without viewers.
        var cpu = Cpu.Seconds(serverPid);
        var traces = StartTraces("bare", serverPid, 0);
        for (var vote = 0; vote < options.Votes; vote++) await VoteAsync(chair, terminals, _result.AckBare, new(), $"без глядачів {vote + 1}");
        _result.CpuBare = Cpu.Seconds(serverPid) - cpu;
        _result.UpdatesBare = Interlocked.Exchange(ref tallies, 0);
        log($"no viewers: ack p50 {_result.AckBare.At(50):F2} ms, p99 {_result.AckBare.At(99):F2} ms, {_result.UpdatesBare} tally updates");
        await ReportTracesAsync(traces);

        // The same burst with N viewers, once for each place they watch from.
        byte[]? sample = null;
        foreach (var audience in options.Audiences)
        {
            var a = new AudienceResult(audience);
            _result.Audiences.Add(a);
            var url = audience == Audience.Hall
                ? options.ViewersUrl is { } given ? AsWebSocket(given) : BenchOptions.WebSocketUrl(hall.BaseUrl, HubNames.PublicPath)
                : BenchOptions.WebSocketUrl(relayUrl!, HubNames.PublicPath);
            await using var driver = await ViewerDriver.StartAsync(url, options.Viewers, options.Council, a.Protocol, ClientCores, log);
            (a.Viewers, a.GaveUp) = (driver.Watching, driver.GaveUp);
            log($"{driver.Watching} viewers watching {url} in {a.Protocol} ({driver.GaveUp} gave up)");
            if (driver.Watching == 0) throw new InvalidOperationException($"no viewer could watch {url}");
            await driver.ReportAsync(); // forget anything before the burst
            (double hallCpu, double relayCpu) = (Cpu.Seconds(serverPid), relayPid > 0 ? Cpu.Seconds(relayPid) : 0);
            await Task.Delay(2000);
            a.CpuIdleHall = (Cpu.Seconds(serverPid) - hallCpu) / 2;
            a.CpuIdleRelay = relayPid > 0 ? (Cpu.Seconds(relayPid) - relayCpu) / 2 : 0;

            var acks = new ConcurrentDictionary<long, long>();
            tallies = 0;
            (hallCpu, relayCpu) = (Cpu.Seconds(serverPid), relayPid > 0 ? Cpu.Seconds(relayPid) : 0);
            traces = StartTraces(audience.ToString().ToLowerInvariant(), serverPid, audience == Audience.Hall ? 0 : relayPid);
            try
            {
                for (var vote = 0; vote < options.Votes; vote++)
                {
                    await EchoRoundAsync(echoClients, a.Echo);
                    await VoteAsync(chair, terminals, a.Ack, acks, $"з глядачами {vote + 1}");
                }
            }
            catch (Exception e) when (hall.ExitCode is null && e is HubException or InvalidOperationException or TimeoutException)
            {
                // The hall refused or failed a command under this audience: that is a finding, written into the table
                // with the hall's own log; the other audiences still run once the vote is closed.
                a.Error = $"{e.GetType().Name}: {e.Message}";
                a.HallLog = hall.Output.TakeLast(12).ToList();
                log($"{a.Short}: {a.Error}");
                await CloseOpenVoteAsync(hall, chair);
            }
            a.CpuHall = Cpu.Seconds(serverPid) - hallCpu;
            a.CpuRelay = relayPid > 0 ? Cpu.Seconds(relayPid) - relayCpu : 0;
            a.Updates = Interlocked.Exchange(ref tallies, 0);
            log($"{a.Short}: ack p50 {a.Ack.At(50):F2} ms, p99 {a.Ack.At(99):F2} ms, {a.Updates} tally updates");
            await ReportTracesAsync(traces);

            var seen = await driver.ReportAsync();
            (a.Failed, a.DriverSaw, a.Frames, a.Bytes) = (seen.Failed, seen.Updates.Count, seen.Frames, seen.Bytes);
            foreach (var u in seen.Updates)
            {
                if (!acks.TryGetValue(u.Seq, out var acked)) continue;
                a.Seen++;
                if (u.Viewers >= driver.Watching) a.SeenByAll++;
                a.FanSpread.RecordBetween(u.First, u.Last);
                a.FanLast.RecordBetween(acked, u.Last);
            }
            sample ??= seen.Sample;
            if (hall.ExitCode is { } died) throw new InvalidOperationException($"hall-server exited with {died}:\n" + string.Join('\n', hall.Output.TakeLast(30)));
        }
        if (sample is not null) return sample;
        if (options.Audiences.Contains(Audience.Relay) || options.Audiences.Contains(Audience.Hall))
            throw new InvalidOperationException("no JSON viewer received a Tally frame / жоден глядач JSON не отримав кадру Tally");
        // Only MessagePack viewers ran: the floor sends the JSON frame the hall would have written for the last vote.
        var current = await hall.CurrentSittingAsync();
        var last = current.Votes[^1];
        var frame = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { type = 1, target = HubNames.Tally,
            arguments = new[] { new TallyUpdate(current.SittingId, last.VoteId, last.Tally, long.MaxValue / 2) } },
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        return [.. frame, 0x1e];
    }

    /// <summary>After a failed burst: the vote it left open is closed, so the next audience's first vote can open.</summary>
    private static async Task CloseOpenVoteAsync(HallServerProcess hall, HubConnection chair)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            if ((await hall.CurrentSittingAsync()).Vote is not { Status: "open" } open) return;
            try { await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(open.VoteId)); }
            catch (HubException) { /* still busy: try again */ }
            await Task.Delay(2000);
        }
    }

    /// <summary>With --trace, profiles of the hall (and the relay) over the first ten seconds of a part's bursts.</summary>
    private List<ThreadTrace> StartTraces(string part, int hallPid, int relayPid)
    {
        if (!options.Trace) return [];
        var dir = Path.Combine(options.Repo, "bench", "results", "traces");
        var label = pinned ? "pinned" : "unpinned";
        var traces = new List<ThreadTrace> { ThreadTrace.Start(options.Repo, hallPid, Path.Combine(dir, $"hall-{label}-{part}.nettrace"), TimeSpan.FromSeconds(10), ClientCores) };
        if (relayPid > 0) traces.Add(ThreadTrace.Start(options.Repo, relayPid, Path.Combine(dir, $"relay-{label}-{part}.nettrace"), TimeSpan.FromSeconds(10), ClientCores));
        return traces;
    }

    private async Task ReportTracesAsync(List<ThreadTrace> traces)
    {
        foreach (var t in traces) _result.Profiles.Add(await t.ReportAsync());
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
        await using var driver = await ViewerDriver.StartAsync(BenchOptions.WebSocketUrl(baseUrl, "/ws"), options.Viewers, options.Council, "json", ClientCores, log);
        _result.RawViewers = driver.Watching;
        var count = Math.Max(20, _result.Audiences.Max(a => a.Updates));
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
