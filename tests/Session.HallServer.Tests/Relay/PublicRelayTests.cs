using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Relay;

/// <summary>The public relay as a real child process of a real hall: capacity, slow viewers, what it serves.</summary>
public sealed class PublicRelayTests
{
    private const string Council = "vyshneva";

    private static Task<HallServerProcess> HallWithRelayAsync(int maxViewers) => HallServerProcess.StartAsync(new HallServerStartOptions
    {
        ExtraArgs = ["--Hall:PublicRelay:Enabled=true", $"--Hall:PublicRelay:MaxViewers={maxViewers}", "--Hall:PublicRelay:SendTimeout=00:00:02"],
    });

    private static async Task<(HubConnection Connection, List<TallyUpdate> Tallies)> ViewerAsync(HallServerProcess hall, Uri relay)
    {
        var viewer = hall.BuildConnectionAt(relay, HubNames.PublicPath);
        var tallies = new List<TallyUpdate>();
        viewer.On<TallyUpdate>(HubNames.Tally, t => { lock (tallies) tallies.Add(t); });
        await viewer.StartAsync();
        return (viewer, tallies);
    }

    [Fact]
    public async Task Viewers_beyond_capacity_are_refused_with_a_clear_message_while_every_acknowledged_press_lands()
    {
        await using var hall = await HallWithRelayAsync(maxViewers: 3);
        var relay = await hall.PublicRelayUrlAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seats);
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall);

        var admitted = new List<(HubConnection Connection, List<TallyUpdate> Tallies)>();
        for (int i = 0; i < 3; i++)
        {
            var v = await ViewerAsync(hall, relay);
            var view = await v.Connection.InvokeAsync<SittingView?>("WatchCouncil", Council);
            Assert.Equal(voteId, view?.Vote?.VoteId);
            admitted.Add(v);
        }

        // The vote goes on while a fourth viewer knocks.
        var casting = Task.Run(async () =>
        {
            var acks = new List<(int Seat, string Choice, CommandAck Ack)>();
            foreach (var seat in seats)
            {
                var choice = seat <= 14 ? "yes" : seat <= 17 ? "no" : "abstain";
                acks.Add((seat, choice, await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, choice))));
            }
            return acks;
        });

        var refused = hall.BuildConnectionAt(relay, HubNames.PublicPath);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        refused.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        try
        {
            await refused.StartAsync();
        }
        catch (Exception e)
        {
            closed.TrySetResult(e);
        }
        var why = (await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)))?.Message ?? "";
        Assert.Contains("too-many-viewers", why);
        Assert.Contains("Забагато глядачів", why);
        Assert.Contains("Too many viewers", why);

        // A browser over capacity gets a plain page at once, not a hang.
        using var http = new HttpClient { BaseAddress = relay, Timeout = TimeSpan.FromSeconds(30) };
        var page = await http.GetAsync($"/{Council}/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains("Забагато глядачів", text);
        Assert.Contains("Too many viewers", text);

        var acks = await casting;
        Assert.All(acks, a => Assert.True(a.Ack.Accepted, a.Ack.Reason));
        Assert.Equal(acks.Count, acks.Select(a => a.Ack.JournalSeq).Distinct().Count());
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{voteId}");
        Assert.Equal(new TallyView(14, 3, 3, 0, 7, 0), vote!.Tally);
        foreach (var (seat, choice, _) in acks)
            Assert.Equal(choice, vote.RollCall!.Single(r => r.DeputyId == $"dep-{seat:D2}").Result);

        // The audience's views are lean: no deputies list and no roll call in what is pushed to every viewer; the roll
        // call a citizen opens comes from the relay's API, the same as the hall's.
        var lean = await admitted[1].Connection.InvokeAsync<SittingView?>("WatchCouncil", Council);
        Assert.Contains(lean!.Votes, v => v.VoteId == voteId);
        Assert.Empty(lean.Deputies);
        Assert.All(lean.Votes, v => Assert.Null(v.RollCall));
        Assert.NotEmpty((await hall.CurrentSittingAsync()).Deputies);
        using (var relayApi = new HttpClient { BaseAddress = relay, Timeout = TimeSpan.FromSeconds(30) })
        {
            var fromRelay = await relayApi.GetFromJsonAsync<VoteView>($"/api/votes/{voteId}");
            Assert.Equal(vote.RollCall, fromRelay!.RollCall);
        }

        // The admitted viewers saw the vote to its last press.
        foreach (var (_, tallies) in admitted)
            await Eventually.True(() => { lock (tallies) return tallies.Any(t => t.VoteId == voteId && t.Tally.Yes == 14 && t.Tally.Abstain == 3); },
                "an admitted viewer saw the final live tally through the relay");

        // A place freed is a place taken: the next viewer gets in.
        await admitted[0].Connection.StopAsync();
        await Eventually.True(async () =>
        {
            var next = hall.BuildConnectionAt(relay, HubNames.PublicPath);
            try
            {
                await next.StartAsync();
                return await next.InvokeAsync<SittingView?>("WatchCouncil", Council) is not null;
            }
            catch (Exception) { return false; }
        }, "a viewer is admitted once a place is free");
    }

    [Fact]
    public async Task A_viewer_that_never_reads_does_not_hold_back_the_others()
    {
        await using var hall = await HallWithRelayAsync(maxViewers: 100);
        var relay = await hall.PublicRelayUrlAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seats);

        // A raw WebSocket that says the SignalR handshake, watches, and then never reads a byte.
        using var slow = new ClientWebSocket();
        slow.Options.SetBuffer(256, 256);
        await slow.ConnectAsync(new Uri(new Uri(relay.ToString().Replace("http://", "ws://")), HubNames.PublicPath), CancellationToken.None);
        await slow.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        await slow.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"WatchCouncil\",\"arguments\":[\"{Council}\"]}}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);

        var (viewer, tallies) = await ViewerAsync(hall, relay);
        var sittings = new List<SittingView>();
        viewer.On<SittingView>(HubNames.Sitting, s => { lock (sittings) sittings.Add(s); });
        Assert.NotNull(await viewer.InvokeAsync<SittingView?>("WatchCouncil", Council));

        // Several votes, each pressed by every seat: the reading viewer sees each one's last tally and its close.
        for (int round = 0; round < 3; round++)
        {
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall);
            foreach (var seat in seats)
                await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, seat % 2 == 0 ? "yes" : "no")).Must();
            await Eventually.True(() => { lock (tallies) return tallies.Any(t => t.VoteId == voteId && t.Tally.Yes == 10 && t.Tally.No == 10); },
                $"the reading viewer saw vote {round + 1}'s last press while another viewer read nothing");
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
            await Eventually.True(() => { lock (sittings) return sittings.Any(s => s.Votes.Any(v => v.VoteId == voteId && v.Status == "closed")); },
                $"the reading viewer saw vote {round + 1} closed");
        }
        Assert.Equal(HubConnectionState.Connected, viewer.State);
    }

    [Fact]
    public async Task The_relay_serves_the_public_page_open_data_and_api_reads_but_never_forwards_a_login()
    {
        await using var hall = await HallWithRelayAsync(maxViewers: 10);
        var relay = await hall.PublicRelayUrlAsync();
        using var http = new HttpClient { BaseAddress = relay, Timeout = TimeSpan.FromSeconds(30) };

        var page = await http.GetAsync($"/{Council}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync());

        var current = await http.GetFromJsonAsync<SittingView>("/api/sittings/current");
        Assert.Equal((await hall.CurrentSittingAsync()).SittingId, current!.SittingId);

        // Writes and logins are the hall's alone: the relay answers none of them.
        var login = await http.PostAsJsonAsync("/api/auth/login", new LoginRequest("secretar", hall.SecretaryPassword));
        Assert.False(login.IsSuccessStatusCode);
        Assert.Empty(hall.LeakedSecrets());

        // Published files come from the data dir with the same strong ETags as at the hall.
        var openData = Path.Combine(hall.DataDir, "opendata");
        await Eventually.True(() => Directory.Exists(openData) && Directory.EnumerateFiles(openData, "*.json", SearchOption.AllDirectories).Any(),
            "the demo's closed sitting is published", TimeSpan.FromSeconds(60));
        var file = Directory.EnumerateFiles(openData, "*.json", SearchOption.AllDirectories).First();
        var url = "/opendata/" + Path.GetRelativePath(openData, file).Replace('\\', '/');
        var first = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(file), await first.Content.ReadAsByteArrayAsync());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task An_https_relay_address_is_served_under_the_hall_ca_with_hsts_and_a_client_without_the_ca_refuses_it()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            ExtraArgs = ["--Hall:PublicRelay:Enabled=true", "--Hall:PublicRelay:Url=https://127.0.0.1:0"],
        });
        var relay = await hall.PublicRelayUrlAsync();
        Assert.Equal("https", relay.Scheme);
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(hall.DataDir, "tls", "hall-ca.crt")));
        var pin = Session.Core.Transport.HallCaPin.Of(ca);
        Assert.Equal((await hall.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/tls")).GetProperty("caFingerprint").GetString(), pin.Fingerprint);

        using (var trusting = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = pin.Validate } }) { BaseAddress = relay })
        {
            var page = await trusting.GetAsync($"/{Council}/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.Contains("Strict-Transport-Security"), "HSTS on the relay's HTTPS answers");
        }
        using var stranger = new HttpClient { BaseAddress = relay };
        Assert.IsType<System.Security.Authentication.AuthenticationException>((await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync($"/{Council}/"))).InnerException);
    }
}
