using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>Brute force and noise are refused with 429 (or a typed hub refusal) and change nothing; others go on.</summary>
public sealed class RateLimitTests
{
    private const string Password = "sekretar ради alfa 2026";

    private static void AssertTooMany(HttpResponseMessage response, int maxSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After");
        Assert.InRange(retryAfter.TotalSeconds, 1, maxSeconds);
        var problem = response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
        Assert.Equal("too-many-requests", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detailEn").GetString()));
    }

    [Fact]
    public async Task Wrong_passwords_for_one_account_hit_429_within_ten_tries_and_the_right_user_from_another_address_gets_in_after_the_window()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Demo = false, ExtraArgs = ["--Hall:RateLimits:LoginWindow=00:00:12"],
        });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", Password, "secretary");
        using var attacker = LoopbackFrom.Client(hall.BaseUrl, "127.0.0.2");
        using var user = LoopbackFrom.Client(hall.BaseUrl, "127.0.0.3");
        var tokensBefore = await AccessKit.TokenRowsAsync(hall);

        HttpResponseMessage? held = null;
        for (int attempt = 1; attempt <= 10 && held is null; attempt++)
        {
            var r = await AccessKit.LoginAsync(attacker, "sec-alfa", $"guess-number-{attempt:D4}");
            if (r.StatusCode == HttpStatusCode.TooManyRequests) held = r;
            else Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        Assert.NotNull(held);
        AssertTooMany(held!, 12);
        // The right password from another address is held too while the window lasts — and creates no login…
        var early = await AccessKit.LoginAsync(user, "sec-alfa", Password);
        AssertTooMany(early, 12);
        Assert.Equal(tokensBefore, await AccessKit.TokenRowsAsync(hall));
        // An unknown login is held the same way: the answer does not tell which logins exist.
        HttpResponseMessage? unknown = null;
        for (int attempt = 1; attempt <= 10 && unknown is null; attempt++)
        {
            var r = await AccessKit.LoginAsync(attacker, "no-such-login", $"guess-number-{attempt:D4}");
            if (r.StatusCode == HttpStatusCode.TooManyRequests) unknown = r;
        }
        Assert.NotNull(unknown);
        // …but nobody is locked out for good: after Retry-After the right user gets in.
        await Task.Delay(early.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(500));
        var token = await AccessKit.TokenAsync(user, "sec-alfa", Password);
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(user, HttpMethod.Get, "/api/terminals", token));
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task Registry_writes_are_limited_per_address_refused_writes_change_nothing_and_another_address_is_unaffected()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Demo = false, ExtraArgs = ["--Hall:RateLimits:WritesPerAddressPerMinute=6"],
        });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        using var noisy = LoopbackFrom.Client(hall.BaseUrl, "127.0.0.4");
        using var calm = LoopbackFrom.Client(hall.BaseUrl, "127.0.0.5");

        var accepted = new List<string>();
        HttpResponseMessage? refused = null;
        for (int n = 1; n <= 12; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/councils/alfa/factions") { Content = JsonContent.Create(new { name = $"Фракція {n}" }) };
            request.Headers.Authorization = new("Bearer", admin.Token);
            var response = await noisy.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) { refused ??= response; continue; }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            accepted.Add($"Фракція {n}");
        }
        Assert.NotNull(refused);
        AssertTooMany(refused!, 60);
        Assert.InRange(accepted.Count, 1, 7); // six, or seven if a token came back meanwhile
        var before = await admin.SnapshotAsync("alfa");
        var factions = await calm.GetFromJsonAsync<JsonElement>("/api/councils/alfa/factions");
        Assert.Equal(accepted.OrderBy(x => x), factions.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).OrderBy(x => x));
        var audit = await admin.GetAsync("/api/councils/alfa/audit");
        Assert.Equal(accepted.Count, audit.EnumerateArray().Count(a => a.GetProperty("action").GetString() == "faction.create"));

        // Reads are not limited; another address still writes.
        Assert.Equal(HttpStatusCode.OK, (await noisy.GetAsync("/api/councils/alfa/factions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(calm, HttpMethod.Post, "/api/councils/alfa/factions", admin.Token, new { name = "Спокійна фракція" }));
        Assert.NotEqual(before, await admin.SnapshotAsync("alfa"));
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task A_noisy_terminal_gets_typed_too_many_requests_refusals_that_change_nothing_while_another_terminal_votes()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { ExtraArgs = ["--Hall:RateLimits:HubInvocationsPerSecond=5"] });
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 20));
        var item = (await hall.CurrentSittingAsync()).Agenda[0].Id;
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(item)).Must();
        var vote = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 3600);

        var noisy = await hall.ConnectTerminalAsync();
        var quiet = await hall.ConnectTerminalAsync();
        Assert.True((await noisy.InvokeAsync<HelloReply>("Hello", new HelloRequest((await hall.IssueTerminalAsync("tablet", 1)).Key, "noisy"))).Accepted);
        Assert.True((await quiet.InvokeAsync<HelloReply>("Hello", new HelloRequest((await hall.IssueTerminalAsync("tablet", 2)).Key, "quiet"))).Accepted);
        await Task.Delay(1000); // both buckets full again
        var seqBefore = (await hall.CurrentSittingAsync()).JournalSeq;

        var burst = Enumerable.Range(0, 40).Select(i => noisy.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), 1, vote, i % 2 == 0 ? "yes" : "no"))).ToList();
        var quietAcks = new List<CommandAck>();
        for (int i = 0; i < 3; i++) quietAcks.Add(await quiet.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), 2, vote, i % 2 == 0 ? "yes" : "no")));
        var noisyAcks = await Task.WhenAll(burst);

        Assert.All(quietAcks, a => Assert.True(a.Accepted, a.Reason));
        var refusedAcks = noisyAcks.Where(a => a.Reason == "too-many-requests").ToList();
        Assert.InRange(refusedAcks.Count, 20, 39);
        Assert.All(refusedAcks, a => { Assert.False(a.Accepted); Assert.Null(a.JournalSeq); Assert.NotNull(a.CommandId); Assert.False(string.IsNullOrEmpty(a.MessageEn)); });
        Assert.All(noisyAcks.Except(refusedAcks), a => Assert.True(a.Accepted, a.Reason));
        // The journal grew by exactly the accepted commands: a refused one never reached the sitting.
        var accepted = noisyAcks.Concat(quietAcks).Where(a => a.Accepted).Select(a => a.JournalSeq!.Value).Distinct().Count();
        Assert.Equal(seqBefore + accepted, (await hall.CurrentSittingAsync()).JournalSeq);

        // A noisy viewer's other methods fail with the same code.
        var viewer = await hall.ConnectPublicAsync();
        var pings = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            try { await viewer.InvokeAsync<long>("Ping", (long)i); return null; }
            catch (HubException e) { return e.Message; }
        }));
        Assert.Contains(pings, m => m is not null && m.Contains("too-many-requests", StringComparison.Ordinal));
        await Task.Delay(1000);
        Assert.Equal(7L, await viewer.InvokeAsync<long>("Ping", 7L));
        AccessKit.NoSecretLeaked(hall);
    }
}
