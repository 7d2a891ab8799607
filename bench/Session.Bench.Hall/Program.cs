using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Session.Bench.Hall;
using Session.Core.Wire;
using Session.Testing;

// Load driver for issue 2's targets (ARCHITECTURE.md "Targets"), all measured side by side in one run:
// 450 seat terminals pressing within one second while N public viewers watch; Cast → durable ack; the bare SignalR
// echo round trip; one SQLite journal commit; fan-out of each tally update to the last viewer.
// Usage: dotnet run -c Release --project bench/Session.Bench.Hall -- [--seats 450] [--viewers 10000] [--votes 8] [--out BENCHMARKS.md]
var seats = Arg("--seats", 450);
var viewerCount = Arg("--viewers", 10_000);
var votes = Arg("--votes", 8);
var output = ArgText("--out", Path.Combine(FindRepo(), "BENCHMARKS.md"));

Console.WriteLine($"hall bench: {seats} seats, {viewerCount} viewers, {votes} votes");
await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
{
    ExtraArgs = ["--demo-deputies", (seats - 1).ToString()],
    Environment = new() { ["Logging__LogLevel__Default"] = "Warning", ["DOTNET_TieredPGO"] = "1" },
});
Console.WriteLine($"server at {hall.BaseUrl}");

var clock = Stopwatch.StartNew();
double Now() => clock.Elapsed.TotalMilliseconds;

// The seat terminals: one tablet connection per seat, MessagePack.
var chair = await hall.ConnectChairAsync(messagePack: true);
var gateway = await SittingDriver.GatewayAsync(hall, messagePack: true);
await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
var terminals = new HubConnection[seats];
await Parallel.ForEachAsync(Enumerable.Range(1, seats), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (seat, _) =>
{
    // One tablet key per seat, as the secretary issues them: each terminal hears only its own seat's lamps.
    var key = await hall.IssueTerminalAsync("tablet", seat);
    var c = hall.BuildConnection(HubNames.TerminalPath, messagePack: true);
    await c.StartAsync();
    var hello = await c.InvokeAsync<HelloReply>("Hello", new HelloRequest(key.Key));
    if (!hello.Accepted) throw new InvalidOperationException(hello.Reason);
    await c.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Pin: "20" + seat.ToString("D2"))).Must();
    terminals[seat - 1] = c;
});
await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
Console.WriteLine($"{seats} terminals identified and registered");

// The public viewers: plain SignalR clients (JSON, as browsers would by default), watching the sitting.
var ackTimes = new ConcurrentDictionary<long, double>();
var fanout = new ConcurrentDictionary<long, ConcurrentBag<double>>();
var viewers = new List<HubConnection>();
var connectClock = Stopwatch.StartNew();
var refusedConnects = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, viewerCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
{
    for (int attempt = 1; ; attempt++)
    {
        var v = hall.BuildConnection(HubNames.PublicPath, webSocketOnly: true);
        v.On<TallyUpdate>(HubNames.Tally, t => fanout.GetOrAdd(t.JournalSeq, _ => new ConcurrentBag<double>()).Add(Now()));
        try
        {
            await v.StartAsync();
            await v.InvokeAsync<SittingView?>("Watch");
            lock (viewers) viewers.Add(v);
            return;
        }
        catch (Exception) when (attempt < 5 && hall.ExitCode is null)
        {
            // A burst of thousands of connects can overflow the loopback accept queue; a real audience arrives over minutes.
            Interlocked.Increment(ref refusedConnects);
            await v.DisposeAsync();
            await Task.Delay(200 * attempt);
        }
        catch (Exception) when (hall.ExitCode is { } died)
        {
            throw new InvalidOperationException($"hall-server exited with {died} while viewers connected:\n" + string.Join('\n', hall.Output.TakeLast(30)));
        }
    }
});
if (hall.ExitCode is { } died) throw new InvalidOperationException($"hall-server exited with {died} while viewers connected:\n" + string.Join('\n', hall.Output.TakeLast(30)));
Console.WriteLine($"{viewers.Count} viewers connected in {connectClock.Elapsed.TotalSeconds:F0} s ({refusedConnects} connects retried)");

// Bare SignalR echo, the same terminals, the same pattern: every terminal once within one second.
var echo = new Percentiles("bare SignalR echo (Ping)");
var roundTrip = new Percentiles("Cast → durable ack");
var commit = new Percentiles("one SQLite journal commit (WAL, synchronous=FULL)");
var random = new Random(450);

// The echo: Ping on /hubs/public from one more connection per seat, the same pattern as the presses.
var echoClients = new HubConnection[seats];
await Parallel.ForEachAsync(Enumerable.Range(0, seats), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
{
    var c = hall.BuildConnection(HubNames.PublicPath, messagePack: true);
    await c.StartAsync();
    echoClients[i] = c;
});
async Task EchoRoundPublic()
{
    await Task.WhenAll(echoClients.Select(async t =>
    {
        await Task.Delay(random.Next(1000));
        var start = Now();
        await t.InvokeAsync<long>("Ping", 1L);
        echo.Add(Now() - start);
    }));
}

void CommitRound(string path, int count)
{
    using var db = new SqliteConnection($"Data Source={path};Pooling=False");
    db.Open();
    using (var setup = db.CreateCommand())
    {
        setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT);";
        setup.ExecuteNonQuery();
    }
    for (int i = 0; i < count; i++)
    {
        var start = Now();
        using var tx = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO t (body) VALUES ($b);";
        insert.Parameters.AddWithValue("$b", new string('x', 300));
        insert.ExecuteNonQuery();
        tx.Commit();
        commit.Add(Now() - start);
    }
}

var sitting = await hall.CurrentSittingAsync();
await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
var commitFile = Path.Combine(hall.DataDir, "bench-commit.db");
for (int round = 0; round < votes; round++)
{
    await EchoRoundPublic();
    CommitRound(commitFile, 60);
    var voteId = (await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest($"Навантажувальне голосування {round + 1}", "as-a-whole", "majority-of-composition", "named", 600)).Must()).Id!;
    await Task.WhenAll(terminals.Select(async (t, i) =>
    {
        await Task.Delay(random.Next(1000));
        var start = Now();
        var ack = await t.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), i + 1, voteId, (i % 3) switch { 0 => "yes", 1 => "no", _ => "abstain" }));
        var end = Now();
        if (!ack.Accepted) throw new InvalidOperationException(ack.Reason);
        ackTimes[ack.JournalSeq!.Value] = end;
        roundTrip.Add(end - start);
    }));
    await Task.Delay(1500); // let the last coalesced tally reach everyone
    await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
    Console.WriteLine($"vote {round + 1}: ack p50 {roundTrip.At(50):F1} ms, p99 {roundTrip.At(99):F1} ms; echo p99 {echo.At(99):F1} ms; commit p99 {commit.At(99):F1} ms");
}

// Fan-out: for each tally update, the time from the ack of the press it reports to the last viewer receiving it.
var lastViewer = new Percentiles($"tally fan-out to the last of {viewers.Count} viewers");
var everyViewer = new Percentiles("tally fan-out, every viewer");
int complete = 0;
foreach (var (seq, received) in fanout)
{
    if (!ackTimes.TryGetValue(seq, out var acked)) continue;
    var times = received.ToArray();
    foreach (var t in times) everyViewer.Add(Math.Max(0, t - acked));
    if (times.Length == viewers.Count) { complete++; lastViewer.Add(Math.Max(0, times.Max() - acked)); }
}

var floor = echo.At(99) + commit.At(99);
var ratio = roundTrip.At(99) / floor;
var spread = roundTrip.At(99.9) / roundTrip.At(50);
var table = $"""
    ### Hall server: votes, echo, commit, fan-out (bench/Session.Bench.Hall)
    Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores: {seats} seat terminals (MessagePack) each pressing once at a random moment within one second, {votes} votes; {viewers.Count} public viewers (JSON) connected throughout; server and driver on the same machine.

    | measure | samples | p50 ms | p99 ms | p99.9 ms | max ms |
    |---|---|---|---|---|---|
    {roundTrip.Row()}
    {echo.Row()}
    {commit.Row()}
    {lastViewer.Row()}
    {everyViewer.Row()}

    | target | measured | verdict |
    |---|---|---|
    | ack p99 ≤ 3 × (echo p99 + commit p99) | {roundTrip.At(99):F2} ≤ 3 × {floor:F2} → ratio {ratio:F2} | {(ratio <= 3 ? "met" : "missed")} |
    | ack p99.9 / p50 ≤ 5 | {spread:F2} | {(spread <= 5 ? "met" : "missed")} |
    | fan-out to the last viewer p99 ≤ 100 ms | {lastViewer.At(99):F2} ms over {complete} updates seen by every viewer ({fanout.Count} updates sent) | {(lastViewer.At(99) <= 100 ? "met" : "missed")} |
    """;
Console.WriteLine(table);
BenchmarkFile.WriteSection(output, "hall", table);
Console.WriteLine($"written to {output}");

foreach (var v in viewers) _ = v.DisposeAsync();

static int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static string ArgText(string name, string fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string FindRepo()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Session.sln"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
