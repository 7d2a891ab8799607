using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Session.HallServer.Tests.Cluster;

/// <summary>
/// The regional host (issue 11): three nodes on Redis behind nginx, two demo councils. Each fact uses its own seats of the
/// first council's open vote (1–4, 5–8, 9–20, …), so they hold in any order; the kill test restarts the node it killed.
/// </summary>
public sealed class RegionalHostTests(RegionalHost host, ITestOutputHelper output) : IClassFixture<RegionalHost>
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];

    [Fact]
    public async Task A_push_caused_through_one_node_reaches_clients_of_the_others_and_seat_presence_is_shared()
    {
        var (a, b, c) = (host.Nodes[0], host.Nodes[1], host.Nodes[2]);
        // The chair on A, a gateway on B, the public on C and a chair through nginx.
        var chair = await host.ChairAsync(a.BaseUrl);
        var tallies = new ConcurrentQueue<TallyUpdate>();
        chair.On<TallyUpdate>(HubNames.Tally, tallies.Enqueue);
        var seatMaps = new ConcurrentQueue<SeatView[]>();
        chair.On<SeatView[]>(HubNames.Seats, seatMaps.Enqueue);
        var publicTallies = new ConcurrentQueue<TallyUpdate>();
        await host.AudienceAsync(c.BaseUrl, a => a.On<TallyUpdate>(HubNames.Tally, publicTallies.Enqueue));
        var gateway = await host.GatewayAsync(b.BaseUrl);

        var ack = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), 1, host.VoteId, "yes")).Must();
        // The first tally too, also when node A was killed and restarted by the kill fact (docs/deploy.md "Відмова вузла").
        await Eventually.True(() => tallies.Any(t => t.JournalSeq >= ack.JournalSeq), "the chair on node A sees the tally of a press through node B", TimeSpan.FromSeconds(60));
        await Eventually.True(() => publicTallies.Any(t => t.JournalSeq >= ack.JournalSeq), "the public on node C sees it too", TimeSpan.FromSeconds(60));

        // Seat presence: the gateway on B reports seat 3 live; the sitting's seat map (built wherever its grain is)
        // shows it, and it is read the same through every node.
        await gateway.InvokeAsync<CommandAck>("ReportSeats", new SeatHealthReport([3], [])).Must();
        foreach (var node in host.Nodes)
        {
            var viewer = await host.ChairAsync(node.BaseUrl);
            await Eventually.True(async () => (await viewer.InvokeAsync<SeatView[]>("Seats")).Single(s => s.Seat == 3).Online,
                $"seat 3 online as seen through {node.BaseUrl}", TimeSpan.FromSeconds(60));
        }
        await Eventually.True(() => seatMaps.Any(m => m.Single(s => s.Seat == 3).Online), "the chair on A was pushed the seat map with seat 3 online", TimeSpan.FromSeconds(60));
        // A gateway that goes away no longer vouches for its seats, whichever node it was on.
        await gateway.StopAsync();
        await Eventually.True(async () => !(await chair.InvokeAsync<SeatView[]>("Seats")).Single(s => s.Seat == 3).Online,
            "seat 3 offline once its gateway left node B", TimeSpan.FromSeconds(60));

        // Stream health reported to B is there for a secretary who connects on C afterwards.
        var broadcast = await host.GatewayAsync(b.BaseUrl, host.Nodes[0].BroadcastKey);
        await broadcast.InvokeAsync<CommandAck>("ReportStreamHealth", new Dictionary<string, object?> { ["state"] = "live", ["droppedFrames"] = 7 }).Must();
        await Eventually.True(async () =>
        {
            var seen = new TaskCompletionSource<Dictionary<string, object?>>();
            var late = host.Connection(c.BaseUrl, HubNames.ChairPath, await host.ChairTokenAsync());
            late.On<Dictionary<string, object?>>(HubNames.StreamHealth, h => seen.TrySetResult(h));
            await late.StartAsync();
            var health = await Task.WhenAny(seen.Task, Task.Delay(3000)) == seen.Task ? seen.Task.Result : null;
            await late.DisposeAsync();
            return health is not null && health.GetValueOrDefault("state")?.ToString() == "live";
        }, "a secretary connecting on node C is shown the stream health reported to node B", TimeSpan.FromSeconds(60));

        // The open vote keeps its sitting's grain awake through a reminder kept in Redis, not in any node's memory.
        await Eventually.True(async () =>
        {
            var redis = await host.Redis.DumpAsync();
            return redis.Contains(RegionalHost.SittingId, StringComparison.Ordinal) && redis.Contains(Sittings.SittingGrain.TimersReminder, StringComparison.Ordinal);
        }, "the sitting's timers reminder is in Redis", TimeSpan.FromSeconds(60));

        // And the whole vote works through nginx: presses for seats 2–4 through it are counted.
        var viaNginx = await host.GatewayAsync(host.Nginx.BaseUrl);
        foreach (var seat in new[] { 2, 3, 4 })
            await viaNginx.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, host.VoteId, "no")).Must();
        var seats = await (await host.ChairAsync(host.Nginx.BaseUrl)).InvokeAsync<SeatView[]>("Seats");
        Assert.Equal(["yes", "no", "no", "no"], seats.Where(s => s.Seat <= 4).OrderBy(s => s.Seat).Select(s => s.Choice));
    }

    [Fact]
    public async Task Two_demo_councils_are_served_through_nginx_and_a_vote_in_the_second_never_reaches_the_first()
    {
        // Both councils' public pages and sittings, as a new user opens them through nginx.
        foreach (var council in new[] { RegionalHost.Council, RegionalHost.SecondCouncil })
        {
            using var page = await host.Http.GetAsync($"/{council}/");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
        var second = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<SittingView>(host.Http, "/api/sittings/" + Demo.DemoSecondCouncil.CurrentSittingId);
        Assert.Equal("Калинівська сільська рада", second!.BodyName);

        // The first council's public and secretary on node A; the second council's public on node C.
        var (a, c) = (host.Nodes[0], host.Nodes[2]);
        var firstSeen = new ConcurrentQueue<string>();
        await host.AudienceAsync(a.BaseUrl, v =>
        {
            v.On<TallyUpdate>(HubNames.Tally, t => firstSeen.Enqueue(t.SittingId + " " + t.VoteId));
            v.On<SittingView>(HubNames.Sitting, s => firstSeen.Enqueue(s.SittingId));
        });
        var firstChair = await host.ChairAsync(a.BaseUrl);
        firstChair.On<TallyUpdate>(HubNames.Tally, t => firstSeen.Enqueue(t.SittingId + " " + t.VoteId));
        firstChair.On<SittingView>(HubNames.Sitting, s => firstSeen.Enqueue(s.SittingId));
        var secondTallies = new ConcurrentQueue<TallyUpdate>();
        var secondAudience = host.Connection(c.BaseUrl, HubNames.PublicPath);
        secondAudience.On<TallyUpdate>(HubNames.Tally, secondTallies.Enqueue);
        await secondAudience.StartAsync();
        Assert.Equal(Demo.DemoSecondCouncil.CurrentSittingId, (await secondAudience.InvokeAsync<SittingView?>("WatchCouncil", RegionalHost.SecondCouncil))!.SittingId);

        // The second council's secretary and seat gateway, through nginx: register three seats, open a vote, press.
        var chair = host.Connection(host.Nginx.BaseUrl, HubNames.ChairPath, await StaffLogin.TokenAsync(host.Http, RegionalHost.SecondSecretary, host.SecretaryPassword));
        await chair.StartAsync();
        var gateway = await host.GatewayAsync(host.Nginx.BaseUrl, File.ReadAllText(Path.Combine(host.DataDir, Demo.DemoSecondCouncil.GatewayKeyFile)).Trim());
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        // A quorum of its 14: seats 1–8.
        foreach (var seat in Enumerable.Range(1, 8))
            await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Card: Demo.DemoSecondCouncil.CardOf(seat))).Must();
        // A card of the first council identifies nobody here.
        Assert.False((await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 9, Card: SittingDriver.DemoCard(9)))).Accepted);
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(second.Agenda[1].Id)).Must();
        var voteId = (await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Про ремонт даху ліцею", "as-a-whole", "majority-of-composition", "named", 600)).Must()).Id!;
        var firstVoteBefore = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<VoteView>(host.Http, "/api/votes/" + host.VoteId);
        foreach (var seat in new[] { 1, 2, 3 })
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, "yes")).Must();
        await Eventually.True(() => secondTallies.Any(t => t.VoteId == voteId && t.Tally.Yes == 3), "the second council's public on node C sees its own tally", TimeSpan.FromSeconds(60));

        // The first council saw nothing of it, and its own vote is untouched.
        var secondVote = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<VoteView>(host.Http, "/api/votes/" + voteId);
        Assert.Equal(3, secondVote!.Tally.Yes);
        var firstVoteAfter = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<VoteView>(host.Http, "/api/votes/" + host.VoteId);
        Assert.Equal(firstVoteBefore!.Tally, firstVoteAfter!.Tally);
        await Task.Delay(1000); // pushes cross nodes through Redis: give a stray one time to arrive
        Assert.DoesNotContain(firstSeen, x => x.Contains(Demo.DemoSecondCouncil.CurrentSittingId, StringComparison.Ordinal) || x.Contains(voteId, StringComparison.Ordinal));
        Assert.DoesNotContain(secondTallies, t => t.VoteId == host.VoteId);
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();

        // A third council, made through node A's API after every node read its list of councils, is known at once to
        // the public on node C: the cluster bus told C to read the list again.
        var added = Stopwatch.StartNew();
        var admin = await host.HostAdminAsync();
        var third = "nova-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var thirdAudience = host.Connection(c.BaseUrl, HubNames.PublicPath);
        await thirdAudience.StartAsync();
        Assert.Null(await thirdAudience.InvokeAsync<SittingView?>("WatchCouncil", third));
        var seenOnC = c.Output.Count;
        var (thirdSitting, _) = await admin.CreateCouncilAsync(third, deputies: 5);
        await admin.OkAsync(HttpMethod.Post, $"/api/councils/{third}/sittings/{thirdSitting}/open");
        await Eventually.True(async () => (await thirdAudience.InvokeAsync<SittingView?>("WatchCouncil", third))?.SittingId == thirdSitting,
            "the public on node C watches the sitting of a council made through node A", TimeSpan.FromSeconds(10));
        Assert.Contains(c.Output.Skip(seenOnC), l => l.Contains("The councils changed on node", StringComparison.Ordinal));
        output.WriteLine($"a third council made through node A and watched on node C: {added.Elapsed.TotalSeconds:F1} s (admin's first login included)");
    }

    [Fact]
    public async Task Failed_logins_and_login_attempts_per_address_spread_over_the_nodes_are_held_at_the_configured_count_not_once_per_node()
    {
        // From a client address of its own (127.0.0.2–254), so that no other fact's login counts against it.
        var address = new System.Net.IPAddress([127, 0, 0, (byte)System.Security.Cryptography.RandomNumberGenerator.GetInt32(2, 255)]);
        var clients = host.Nodes.Select(n => RegionalHost.ClientFrom(address, n.BaseUrl)).ToArray();
        static string NewLogin() => "guess-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        // An unknown login is held like a real one (RateLimitTests); this run's own, so no other fact meets its hold.
        var login = NewLogin();
        var limits = new Session.HallServer.Hosting.RateLimitOptions();
        var attempts = 0;
        // Each node in turn, straight to its own address (not through nginx): one limit for the cluster.
        async Task<HttpResponseMessage> Attempt(int node, string who) =>
            await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(clients[node % clients.Length], "/api/auth/login", new { login = who, password = $"guess-number-{attempts++:D4}" });
        async Task<System.Net.HttpStatusCode> Status(int node, string who)
        {
            using var r = await Attempt(node, who);
            return r.StatusCode;
        }

        var answers = new List<System.Net.HttpStatusCode>();
        for (int n = 0; n <= limits.LoginFailuresPerAccount; n++) answers.Add(await Status(n, login));
        if (answers.Any(a => a is not (System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.TooManyRequests))) host.ShowErrors(output);
        Assert.Equal([.. Enumerable.Repeat(System.Net.HttpStatusCode.Unauthorized, limits.LoginFailuresPerAccount), System.Net.HttpStatusCode.TooManyRequests], answers);
        for (int n = 0; n < clients.Length; n++) Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, await Status(n, login));
        // The hold is a key of this deployment in Redis, expiring with the window.
        var ttl = long.Parse((await host.Redis.CliAsync("PTTL", host.RedisPrefix + "throttle:login:hold:" + login)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, (long)limits.LoginWindow.TotalMilliseconds);

        // Login attempts per address, counted once for the cluster too: the address's attempts so far and new logins,
        // each tried once, up to the limit; then every node refuses the address whatever the login (alone, each node
        // would let it try up to the limit).
        var handled = new List<string>();
        for (int n = attempts; n < RegionalHost.LoginAttemptsPerAddressPerMinute; n++)
        {
            var who = NewLogin();
            handled.Add(who);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await Status(n, who));
        }
        var refused = new List<string>();
        for (int n = 0; n < clients.Length; n++)
        {
            var who = NewLogin();
            refused.Add(who);
            using var r = await Attempt(n, who);
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.InRange(int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            var problem = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(r.Content);
            Assert.Equal("too-many-requests", problem.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()) || string.IsNullOrEmpty(problem.GetProperty("detailEn").GetString()), "the refusal says why in both languages");
        }
        // Refused before the login ran: a node logs every attempt it handled, and none of the refused ones.
        await Eventually.True(() => handled.All(who => host.Nodes.Any(node => node.Output.Any(l => l.Contains(who, StringComparison.Ordinal)))),
            "each handled attempt is in a node's log", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(host.Nodes.SelectMany(node => node.Output), l => refused.Any(who => l.Contains(who, StringComparison.Ordinal)));
        // The count is a key of this deployment in Redis, expiring with its minute.
        var left = long.Parse((await host.Redis.CliAsync("PTTL", host.RedisPrefix + "throttle:address:login:" + address)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(left, 1, 60_000);

        // Through nginx (the nodes' trusted proxy, Hall:TrustedProxies) the client's own address is counted, not
        // nginx's: the held address is refused there too, even when it writes another address into X-Forwarded-For
        // itself, and another address is not held.
        var other = new System.Net.IPAddress([127, 0, 0, (byte)(address.GetAddressBytes()[3] % 253 + 2)]);
        using (var held = RegionalHost.ClientFrom(address, host.Nginx.BaseUrl))
        {
            using var spoofed = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { login = NewLogin(), password = "guess-through-nginx" }),
            };
            spoofed.Headers.Add("X-Forwarded-For", other.ToString());
            using var r = await held.SendAsync(spoofed);
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, r.StatusCode);
        }
        using (var fresh = RegionalHost.ClientFrom(other, host.Nginx.BaseUrl))
        {
            using var r = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(fresh, "/api/auth/login", new { login = NewLogin(), password = "guess-through-nginx" });
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, r.StatusCode);
        }
        foreach (var client in clients) client.Dispose();
    }

    [Fact]
    public async Task An_account_revoked_through_one_node_loses_its_consoles_on_every_node()
    {
        // The second council's secretary (no other fact keeps its token) has a console open on each node.
        var login = RegionalHost.SecondSecretary;
        var token = await StaffLogin.TokenAsync(host.Http, login, host.SecretaryPassword);
        var closed = new List<Task>();
        foreach (var node in host.Nodes)
        {
            var console = host.Connection(node.BaseUrl, HubNames.ChairPath, token);
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            console.Closed += _ => { gone.TrySetResult(); return Task.CompletedTask; };
            await console.StartAsync();
            closed.Add(gone.Task);
        }
        var seen = host.Nodes.ToDictionary(n => n, n => n.Output.Count);

        // A password change through node A revokes every token of the account.
        async Task<string> ChangePassword(string bearer, string from, string to)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/password")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { currentPassword = from, newPassword = to, code = await StaffLogin.NextCodeAsync(host.Nginx.BaseUrl, login) }),
            };
            request.Headers.Authorization = new("Bearer", bearer);
            using var r = await host.Nodes[0].Http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
            return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(r.Content)).GetProperty("token").GetString()!;
        }
        var changed = "changed-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var fresh = await ChangePassword(token, host.SecretaryPassword, changed);
        try
        {
            await Task.WhenAll(closed).WaitAsync(TimeSpan.FromSeconds(30));
            // The other nodes closed theirs on the cluster bus's word, not only at their login sweep's next round.
            foreach (var node in host.Nodes.Skip(1))
                Assert.Contains(node.Output.Skip(seen[node]), l => l.Contains($"Account {login} was revoked on node", StringComparison.Ordinal));
        }
        finally
        {
            // The two-councils fact logs in with the fixture's password.
            await ChangePassword(fresh, changed, host.SecretaryPassword);
        }
    }

    [Fact]
    public async Task Kill_9_of_the_node_holding_the_sitting_during_a_burst_loses_and_doubles_no_press()
    {
        var seats = Enumerable.Range(9, 12).ToArray();
        // One worker per seat, like a seat unit behind a gateway; storage-failed (a second activation lost the race for
        // the journal) or any refusal in the turmoil is kept in Failures and the press is sent again.
        var pressing = new PressingSeats(() => host.GatewayAsync(host.Nginx.BaseUrl), host.VoteId, seats);
        var holder = host.GrainHolder();
        try
        {
            pressing.Start();
            await Eventually.True(() => pressing.Acked.Count >= 24, "presses acknowledged before the kill", TimeSpan.FromSeconds(120));
            var seenBefore = host.Cluster.OutputMarks();
            output.WriteLine($"killing {holder.BaseUrl}, which activated the sitting last");
            var killedAt = Stopwatch.GetTimestamp();
            holder.Kill();
            long firstAfterKill = 0;
            await Eventually.True(() => (firstAfterKill = pressing.FirstAckOfPressSentAfter(killedAt)) != 0, "a press sent after the kill is acknowledged by another node", TimeSpan.FromSeconds(120));
            var failover = Stopwatch.GetElapsedTime(killedAt, firstAfterKill);
            // The grain really moved: another node activated the sitting after the kill (its log line may come later
            // than the ack on a loaded machine).
            HallServerProcess? moved = null;
            await Eventually.True(() => (moved = host.Cluster.ActivatedSince(RegionalHost.SittingId, seenBefore, holder)) is not null,
                "another node activated the sitting after the kill", TimeSpan.FromSeconds(60));
            output.WriteLine($"failover: the sitting answered from {moved!.BaseUrl} {failover.TotalSeconds:F1} s after kill -9 of {holder.BaseUrl}, which held it");
            var count = pressing.Acked.Count;
            await Eventually.True(() => pressing.Acked.Count >= count + 24, "the burst goes on after the failover", TimeSpan.FromSeconds(120));
            await pressing.StopAsync();
            output.WriteLine($"{pressing.Acked.Count} presses acknowledged, {pressing.Resends} re-sent after a closed connection, {pressing.Failures.Count} refused in the turmoil and sent again");

            // Nothing acknowledged is lost: each command id is in the journal exactly once (never counted twice), and a
            // re-send answers its first sequence number.
            var gateway = await host.GatewayAsync(host.Nginx.BaseUrl);
            foreach (var (id, press) in pressing.Acked.Take(40))
                Assert.Equal(press.Seq, (await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(id, press.Seat, host.VoteId, press.Choice)).Must()).JournalSeq);
            // The one chain in PostgreSQL, read as any node reads it.
            var journaled = JournalCount.Casts(host.Database, RegionalHost.SittingId);
            foreach (var id in pressing.Acked.Keys) Assert.Equal(1, journaled.GetValueOrDefault(id));
            // Each seat's last acknowledged press is its choice in the vote.
            var seatMap = await (await host.ChairAsync(host.Nginx.BaseUrl)).InvokeAsync<SeatView[]>("Seats");
            foreach (var seat in seats) Assert.Equal(pressing.LastAcked[seat], seatMap.Single(s => s.Seat == seat).Choice);
            Assert.Empty(host.Nodes.SelectMany(n => n.LeakedSecrets()));
        }
        finally
        {
            await pressing.StopAsync();
            // The killed node comes back on its address and rejoins (the fixture's other facts may run after this one).
            await holder.RestartAsync();
        }
    }

    [Fact]
    public async Task A_node_drained_with_SIGTERM_while_seats_press_through_nginx_fails_no_command()
    {
        var pressing = new PressingSeats(() => host.GatewayAsync(host.Nginx.BaseUrl), host.VoteId, [21, 22, 23, 24]);
        var drained = host.GrainHolder();
        var others = host.Nodes.Where(n => n != drained).ToArray();
        // The secretary, on a node that stays, adds agenda items one after another all through the drain: a command
        // without a client's id, which the chair hub sends again when the sitting's node leaves mid-call.
        var secretary = await host.ChairAsync(others[0].BaseUrl);
        var items = new List<string>();
        var marker = "drain-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var chairFailures = new List<string>();
        using var chairStop = new CancellationTokenSource();
        var adding = Task.Run(async () =>
        {
            for (int n = 1; !chairStop.IsCancellationRequested; n++)
            {
                try
                {
                    var ack = await secretary.InvokeAsync<CommandAck>("AddAgendaItem", new AgendaItemRequest($"Питання {n} ({marker})"));
                    if (ack.Accepted) lock (items) items.Add(ack.Id!);
                    else lock (chairFailures) chairFailures.Add($"{ack.Reason}: {ack.MessageEn}");
                }
                catch (Exception e) when (e is not OutOfMemoryException) { lock (chairFailures) chairFailures.Add(e.Message); }
                await Task.Delay(100);
            }
        });
        try
        {
            pressing.Start();
            await Eventually.True(() => pressing.Acked.Count >= 8, "presses acknowledged before the drain", TimeSpan.FromSeconds(60));
            // docs/deploy.md "Drain": out of nginx's upstream first, then SIGTERM.
            await host.Nginx.ReloadAsync(others.Select(n => n.BaseUrl));
            var seenBefore = others.ToDictionary(n => n, n => n.Output.Count);
            var stopping = Stopwatch.StartNew();
            var exit = await drained.TerminateAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"drained {drained.BaseUrl} (it held the sitting): exited {exit} {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM; {pressing.Acked.Count} presses acknowledged by then");
            Assert.Equal(0, exit);
            var count = pressing.Acked.Count;
            await Eventually.True(() => pressing.Acked.Count >= count + 8, "presses go on after the drain", TimeSpan.FromSeconds(60));
            await pressing.StopAsync();
            chairStop.Cancel();
            await adding;
            Assert.True(others.Any(n => n.Output.Skip(seenBefore[n]).Any(l => l.Contains($"Sitting {RegionalHost.SittingId} activated on this node", StringComparison.Ordinal))),
                "another node activated the sitting after the drain");
            output.WriteLine($"{pressing.Acked.Count} presses acknowledged, {pressing.Resends} re-sent after a closed connection");

            // No command failed: none refused, none answered with an error; each acknowledged press is in the journal
            // once, and each seat's last acknowledged press is its choice.
            if (!pressing.Failures.IsEmpty) host.ShowErrors(output);
            Assert.Empty(pressing.Failures);
            var journaled = JournalCount.Casts(host.Database, RegionalHost.SittingId);
            foreach (var id in pressing.Acked.Keys) Assert.Equal(1, journaled.GetValueOrDefault(id));
            var seatMap = await (await host.ChairAsync(host.Nginx.BaseUrl)).InvokeAsync<SeatView[]>("Seats");
            foreach (var (seat, choice) in pressing.LastAcked) Assert.Equal(choice, seatMap.Single(s => s.Seat == seat).Choice);
            // The secretary's commands: none failed, and each is in the journal once — none lost, none done twice.
            var resent = others[0].Output.Count(l => l.Contains("Secretary's AddAgendaItem sent again", StringComparison.Ordinal));
            output.WriteLine($"{items.Count} agenda items added by the secretary during the drain, {resent} of them sent again by the hub after the sitting's node left");
            Assert.Empty(chairFailures);
            Assert.True(items.Count >= 2, "the secretary added items during the drain");
            using var store = new Session.HallServer.Storage.PostgresJournalStore(host.Database);
            var text = store.Read(RegionalHost.SittingId).Select(e => e.Canonical).ToList();
            foreach (var item in items) Assert.Single(text, t => t.Contains("\"AgendaItemAdded\"", StringComparison.Ordinal) && t.Contains(item, StringComparison.Ordinal));
            Assert.Equal(items.Count, text.Count(t => t.Contains(marker, StringComparison.Ordinal)));
        }
        finally
        {
            chairStop.Cancel();
            await pressing.StopAsync();
            // The node comes back on its address and into nginx's upstream, as docs/deploy.md "Add" says (the fixture's
            // other facts may run after this one).
            var back = Stopwatch.StartNew();
            await drained.RestartAsync();
            await host.Nginx.ReloadAsync(host.Nodes.Select(n => n.BaseUrl));
            output.WriteLine($"the drained node was back in nginx's upstream {back.Elapsed.TotalSeconds:F1} s after its restart began");
        }
    }

    [Fact]
    public async Task While_postgres_is_stopped_presses_through_nginx_are_refused_storage_failed_and_accepted_when_it_returns()
    {
        var gateway = await host.GatewayAsync(host.Nginx.BaseUrl);
        var acked = new Dictionary<string, long>();
        var refused = new List<string>();
        async Task<CommandAck> Press(int seat, string choice)
        {
            var ack = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, host.VoteId, choice));
            if (ack.Accepted) acked[ack.CommandId!] = ack.JournalSeq!.Value;
            else refused.Add(ack.CommandId!);
            return ack;
        }
        await Press(25, "yes").Must();

        await host.Postgres.StopAsync();
        try
        {
            foreach (var (seat, choice) in new[] { (25, "no"), (26, "yes"), (26, "no"), (25, "abstain") })
            {
                var ack = await Press(seat, choice);
                Assert.False(ack.Accepted, $"seat {seat} acknowledged while PostgreSQL is stopped");
                Assert.Equal(Session.HallServer.Storage.StorageFault.Code, ack.Reason);
                Assert.False(string.IsNullOrEmpty(ack.Message) || string.IsNullOrEmpty(ack.MessageEn), "the refusal says why in both languages");
            }
            // A registry read through nginx is refused the same way, whichever node answers.
            using var read = await host.Http.GetAsync("/api/councils/" + RegionalHost.Council + "/deputies");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Contains(Session.HallServer.Storage.StorageFault.Code, await read.Content.ReadAsStringAsync());
            Assert.All(host.Nodes, n => Assert.Null(n.ExitCode));
        }
        catch (Exception) when (host.ShowErrors(output)) { throw; }
        finally
        {
            await host.Postgres.StartAsync();
        }

        var returned = Stopwatch.StartNew();
        await Eventually.True(async () => (await Press(26, "abstain")).Accepted, "a press accepted once PostgreSQL is back", TimeSpan.FromSeconds(60));
        output.WriteLine($"accepted again {returned.Elapsed.TotalSeconds:F1} s after PostgreSQL started; {refused.Count} presses refused in all");
        await Press(25, "no").Must();

        // Nothing refused was journaled; everything acknowledged was, once.
        using var store = new Session.HallServer.Storage.PostgresJournalStore(host.Database);
        var text = store.Read(RegionalHost.SittingId).Select(e => e.Canonical).ToList();
        foreach (var id in acked.Keys) Assert.Single(text, t => t.Contains(id, StringComparison.Ordinal));
        foreach (var id in refused) Assert.DoesNotContain(text, t => t.Contains(id, StringComparison.Ordinal));
        // Every node answers again soon: a dead pooled connection fails at most once per node before its pool is emptied
        // (PostgresPoolReset), so within two tries a node three answers in a row are not 503.
        var inARow = 0;
        for (var n = 0; n < 2 * host.Nodes.Length + 3 && inARow < 3; n++)
        {
            using var again = await host.Http.GetAsync("/api/councils/" + RegionalHost.Council + "/deputies");
            inARow = again.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable ? 0 : inARow + 1;
        }
        Assert.Equal(3, inARow);
        var seatMap = await (await host.ChairAsync(host.Nginx.BaseUrl)).InvokeAsync<SeatView[]>("Seats");
        Assert.Equal(["no", "abstain"], seatMap.Where(s => s.Seat is 25 or 26).OrderBy(s => s.Seat).Select(s => s.Choice));
    }

    [Fact]
    public async Task After_redis_restarts_pushes_resume_and_nothing_acknowledged_is_lost()
    {
        var alive = host.Nodes.Where(n => n.ExitCode is null).ToArray();
        var tallies = new ConcurrentQueue<TallyUpdate>();
        await host.AudienceAsync(alive[0].BaseUrl, a => a.On<TallyUpdate>(HubNames.Tally, tallies.Enqueue));
        var gateway = await host.GatewayAsync(alive[^1].BaseUrl);
        var acked = new List<(string Id, int Seat, string Choice, long Seq)>();
        async Task<long> Press(int seat, string choice)
        {
            var id = SittingDriver.NewCommandId();
            var ack = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(id, seat, host.VoteId, choice)).Must();
            acked.Add((id, seat, choice, ack.JournalSeq!.Value));
            return ack.JournalSeq!.Value;
        }
        var before = await Press(5, "yes");
        await Eventually.True(() => tallies.Any(t => t.JournalSeq >= before), "a push before the restart", TimeSpan.FromSeconds(60));

        await host.Redis.StopAsync();
        try
        {
            // While Redis is away the sitting still decides and journals (pushes between nodes may be lost).
            try { await Press(6, "no").WaitAsync(TimeSpan.FromSeconds(30)); }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Microsoft.AspNetCore.SignalR.HubException) { /* not acknowledged: nothing to keep */ }
            // Failed logins cannot be counted across the nodes: logins are refused, never let through uncounted.
            using var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(alive[0].Http, "/api/auth/login", new { login = "secretar", password = host.SecretaryPassword });
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, login.StatusCode);
            var problem = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(login.Content);
            Assert.Equal("throttle-unavailable", problem.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()) || string.IsNullOrEmpty(problem.GetProperty("detailEn").GetString()), "the refusal says why in both languages");
        }
        finally
        {
            await host.Redis.StartAsync();
        }

        var n = 0;
        await Eventually.True(async () =>
        {
            var after = await Press(7, Choices[n++ % 3]);
            await Task.Delay(1000);
            return tallies.Any(t => t.JournalSeq >= after);
        }, "pushes cross nodes again after Redis restarted", TimeSpan.FromSeconds(90));

        foreach (var (id, seat, choice, seq) in acked)
            Assert.Equal(seq, (await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(id, seat, host.VoteId, choice)).Must()).JournalSeq);
    }
}
