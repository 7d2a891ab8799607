using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Bench.Hall;
using Session.Core.Wire;
using Session.Testing;

namespace Session.Bench.Region;

/// <summary>
/// The regional host bench (issue 11, bench/README.md): a <see cref="RegionalCluster"/> of N nodes behind nginx on
/// PostgreSQL and Redis (the start-up the cluster tests use), councils made through the registry's API, then
/// (1) every council's 42 tablets pressing within one second, all councils at once, against the first council alone
/// on the same cluster, with public viewers on every node; (2) kill -9 of the node holding the first council's sitting
/// while its seats press in a loop, restart, repeated.
/// </summary>
public sealed class RegionBench(RegionOptions options, Action<string> log)
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];
    private readonly Random _random = new(2011);

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public async Task<RegionResult> RunAsync()
    {
        var result = new RegionResult { Options = options, LoadBefore = LoadAverage() };
        RegistryClient? admin = null;
        var records = new (string SittingId, string HallId)[options.Councils];
        var started = Stopwatch.StartNew();
        await using var cluster = await RegionalCluster.StartAsync(new RegionalClusterOptions
        {
            Nodes = options.Nodes,
            Demo = false,
            // No demo: the first node writes the setup token and the host's admin is made with it before the others join.
            FirstNodeReady = async first =>
            {
                admin = await RegistryClient.SetUpAsync(first);
                await Parallel.ForEachAsync(Enumerable.Range(1, options.Councils), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
                    records[n - 1] = await RegionCouncil.RegisterAsync(admin, RegionCouncil.IdOf(n), options.Seats));
                log($"{options.Councils} councils registered through the API on the first node");
            },
            // The bench provisions every council at once from one address (about a thousand registry writes in its
            // first minute: PINs, keys, accounts), which the per-address write limit, counted once for the cluster,
            // holds at 600 a minute; a real host's admin does this over days. The limits stay as they are otherwise.
            Environment = { ["Hall__RateLimits__WritesPerAddressPerMinute"] = "20000" },
            StartTimeout = TimeSpan.FromMinutes(5),
            // A login hashes its password: at a load average of 60 on 2 cores that took over 30 s.
            HttpTimeout = TimeSpan.FromMinutes(3),
        });
        log($"cluster of {options.Nodes} nodes behind nginx {cluster.Nginx.BaseUrl} up in {started.Elapsed.TotalSeconds:F0} s (councils registered meanwhile)");

        started.Restart();
        var councils = new RegionCouncil[options.Councils];
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Councils), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
        {
            councils[n - 1] = await RegionCouncil.SeatAsync(cluster, admin!, RegionCouncil.IdOf(n), records[n - 1].SittingId, records[n - 1].HallId, options.Seats);
            log($"{RegionCouncil.IdOf(n)}: {options.Seats} tablets identified, a named vote open");
        });
        result.SeedSeconds = started.Elapsed.TotalSeconds;
        for (var i = 0; i < councils.Length; i++) result.Together.Add(new LatencyHistogram(councils[i].Id));

        await BurstsAsync(cluster, councils, result);
        result.LoadAfterBursts = LoadAverage();
        try { await FailoverAsync(cluster, councils[0], result); }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            // The kills so far and the bursts still go into the table, with what stopped the rest.
            result.FailoverError = $"{e.GetType().Name}: {e.Message}";
            log("failover stopped: " + result.FailoverError);
            foreach (var line in cluster.Errors(3)) log(line);
        }
        result.LoadAfter = LoadAverage();
        return result;
    }

    /// <summary>Part 1: rounds of the first council alone, then every council at once; viewers on every node meanwhile.</summary>
    private async Task BurstsAsync(RegionalCluster cluster, RegionCouncil[] councils, RegionResult result)
    {
        var drivers = new List<ViewerDriver>();
        try
        {
            if (options.ViewersPerNode > 0)
                for (var i = 0; i < cluster.Nodes.Length; i++)
                {
                    // Each node's viewers watch a council of their own, straight on the node (not through nginx), so every node carries an audience.
                    var url = BenchOptions.WebSocketUrl(cluster.Nodes[i].BaseUrl, HubNames.PublicPath);
                    var driver = await ViewerDriver.StartAsync(url, options.ViewersPerNode, councils[i % councils.Length].Id, "json", null, _ => { });
                    drivers.Add(driver);
                    result.Viewers += driver.Watching;
                    result.ViewersGaveUp += driver.GaveUp;
                }
            log($"{result.Viewers} viewers watching ({result.ViewersGaveUp} gave up); load {LoadAverage()}");

            var presses = new int[councils.Length];
            // One round not recorded: the first presses after start-up are cold (JIT, connections, grain caches) and,
            // recorded, they set the council alone's p99 (the first full run: 2.0 s in round 1, the p99 never fell after).
            var warmUp = new LatencyHistogram("warm-up");
            await BurstAsync([councils[0]], [0], presses, [warmUp], result);
            await BurstAsync(councils, Enumerable.Range(0, councils.Length).ToArray(), presses, councils.Select(_ => warmUp).ToArray(), result);
            await Task.Delay(1000);
            log($"warm-up round: p99 {warmUp.At(99):F1} ms (not recorded)");
            for (var round = 1; round <= options.Rounds; round++)
            {
                await BurstAsync([councils[0]], [0], presses, [result.Alone], result);
                await Task.Delay(1000);
                await BurstAsync(councils, Enumerable.Range(0, councils.Length).ToArray(), presses, result.Together, result);
                await Task.Delay(1000);
                log($"round {round}: alone p99 {result.Alone.At(99):F1} ms; together p99 of {councils[0].Id} {result.Together[0].At(99):F1} ms, worst {result.Together.Max(h => h.At(99)):F1} ms; load {LoadAverage()}");
            }
        }
        finally
        {
            foreach (var d in drivers) await d.DisposeAsync();
        }
    }

    /// <summary>Every tablet of the given councils presses once at a moment drawn in advance within one second; each ack timed from its moment.</summary>
    private async Task BurstAsync(RegionCouncil[] councils, int[] indexes, int[] presses, IReadOnlyList<LatencyHistogram> into, RegionResult result)
    {
        var start = Stopwatch.GetTimestamp() + Ticks.FromMs(200);
        var plan = councils.SelectMany((c, k) => c.Tablets.Select((t, seat) => (Council: c, Index: indexes[k], Histogram: into[k], Tablet: t, Seat: seat + 1,
            Choice: Choices[(seat + presses[indexes[k]]) % 3], Moment: start + Ticks.FromMs(_random.Next(1000))))).ToArray();
        foreach (var i in indexes) presses[i]++;
        await Task.WhenAll(plan.Select(async p =>
        {
            await Ticks.Until(p.Moment);
            try
            {
                var ack = await p.Tablet.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), p.Seat, p.Council.VoteId, p.Choice)).WaitAsync(TimeSpan.FromSeconds(60));
                var end = Stopwatch.GetTimestamp();
                if (ack.Accepted) p.Histogram.RecordBetween(p.Moment, end);
                else lock (result.Refusals) result.Refusals.Add($"{p.Council.Id} seat {p.Seat}: {ack.Reason}: {ack.MessageEn}");
            }
            catch (Exception e) when (e is HubException or TimeoutException or InvalidOperationException)
            {
                lock (result.Refusals) result.Refusals.Add($"{p.Council.Id} seat {p.Seat}: {e.GetType().Name}: {e.Message}");
            }
        }));
    }

    /// <summary>Part 2: the first council's seats press in a loop through nginx; the node holding its sitting is killed and restarted, again and again.</summary>
    private async Task FailoverAsync(RegionalCluster cluster, RegionCouncil council, RegionResult result)
    {
        if (options.Kills == 0) return;
        var pressing = new PressingSeats(() => cluster.TerminalAsync(cluster.Nginx.BaseUrl, council.GatewayKey, "bench gateway"), council.VoteId,
            Enumerable.Range(1, options.FailoverSeats).ToArray());
        using var probe = new HttpClient { BaseAddress = cluster.Nginx.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        pressing.Start();
        try
        {
            for (var k = 1; k <= options.Kills; k++)
            {
                var before = pressing.Acked.Count;
                await Eventually.True(() => pressing.Acked.Count >= before + 2 * options.FailoverSeats, "presses acknowledged before the kill", TimeSpan.FromSeconds(120));
                var holder = cluster.GrainHolder(council.SittingId);
                var marks = cluster.OutputMarks();
                var refusedBefore = pressing.Failures.Count;

                var killedAt = Stopwatch.GetTimestamp();
                holder.Kill();
                using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(180));
                var answered = FirstAnswerAsync(probe, council.SittingId, giveUp.Token);
                long firstAck = 0;
                await Eventually.True(() => (firstAck = pressing.FirstAckOfPressSentAfter(killedAt)) != 0, "a press sent after the kill is acknowledged", TimeSpan.FromSeconds(180));
                var answeredAt = await answered;
                HallServerProcess? moved = null;
                try { await Eventually.True(() => (moved = cluster.ActivatedSince(council.SittingId, marks, holder)) is not null, "another node activated the sitting", TimeSpan.FromSeconds(30)); }
                catch (Exception e) when (e is not OutOfMemoryException) { /* written as unknown in the table */ }

                var restart = Stopwatch.StartNew();
                await holder.RestartAsync();
                var restartSeconds = restart.Elapsed.TotalSeconds;
                var after = pressing.Acked.Count;
                await Eventually.True(() => pressing.Acked.Count >= after + options.FailoverSeats, "presses go on after the restart", TimeSpan.FromSeconds(120));

                // Every press acknowledged so far is in the journal in PostgreSQL exactly once.
                var acked = pressing.Acked.Keys.ToArray();
                var journaled = JournalCount.Casts(cluster.Database, council.SittingId);
                var kill = new KillResult(k, holder.BaseUrl.Authority, moved?.BaseUrl.Authority,
                    Stopwatch.GetElapsedTime(killedAt, firstAck).TotalSeconds, Stopwatch.GetElapsedTime(killedAt, answeredAt).TotalSeconds, restartSeconds,
                    acked.Length, acked.Count(id => journaled.GetValueOrDefault(id) == 0), acked.Count(id => journaled.GetValueOrDefault(id) > 1),
                    pressing.Failures.Count - refusedBefore);
                result.Kills.Add(kill);
                log($"kill {k}: {kill.Killed} → {kill.MovedTo ?? "?"}: first ack {kill.FirstAckSeconds:F2} s, sitting answered {kill.AnsweredSeconds:F2} s, restart {restartSeconds:F0} s; " +
                    $"{kill.AckedSoFar} acked, {kill.Lost} lost, {kill.Doubled} doubled; load {LoadAverage()}");
            }
        }
        finally
        {
            await pressing.StopAsync();
            result.FailoverPresses = pressing.Acked.Count;
            result.FailoverResends = pressing.Resends;
        }
    }

    /// <summary>
    /// The first moment the sitting's grain answers a read through nginx (GET /api/sittings/{id} calls it): a read is
    /// sent every 100 ms, each waiting up to the client's timeout, so a slow answer counts when it comes rather than
    /// being abandoned and asked again.
    /// </summary>
    private static async Task<long> FirstAnswerAsync(HttpClient http, string sittingId, CancellationToken giveUp)
    {
        var answered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(giveUp);
        async Task ReadAsync()
        {
            try
            {
                using var reply = await http.GetAsync("/api/sittings/" + sittingId, stop.Token);
                if (reply.IsSuccessStatusCode) answered.TrySetResult(Stopwatch.GetTimestamp());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { /* the dead node's connection, or no answer in time */ }
        }
        var reads = new List<Task>();
        while (!answered.Task.IsCompleted && !giveUp.IsCancellationRequested)
        {
            reads.Add(ReadAsync());
            try { await Task.WhenAny(answered.Task, Task.Delay(100, giveUp)); }
            catch (OperationCanceledException) { break; }
        }
        stop.Cancel();
        await Task.WhenAll(reads);
        return await answered.Task.WaitAsync(giveUp);
    }
}
