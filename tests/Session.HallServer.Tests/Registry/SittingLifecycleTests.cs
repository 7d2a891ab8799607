using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>
/// A council that never saw the demo prepares a sitting through the API, opens it, runs it with tablets, closes it,
/// opens the next in the same hall without a restart, and holds a committee sitting published with the committee's
/// own composition.
/// </summary>
public sealed class SittingLifecycleTests
{
    private const string C = "hlibne";

    [Fact]
    public async Task Prepared_sittings_open_run_close_and_the_next_opens_in_the_same_hall_then_a_committee_sits()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        var (first, hallId) = await admin.CreateCouncilAsync(C);
        var api = $"/api/councils/{C}";

        // The agenda prepared ahead: a second item and a PDF, shown publicly before the sitting opens.
        var item = await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{first}/agenda", new { title = "Про програму «Питна вода»", projectNumber = "2", author = "Виконавчий комітет" });
        var pdf = RegistryClient.SmallPdf();
        var doc = await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{first}/agenda/{item.GetProperty("id").GetString()}/documents?name=voda.pdf", RegistryClient.Pdf(pdf));
        var planned = await hall.Http.GetFromJsonAsync<JsonElement>($"{api}/sittings?status=planned");
        var shown = planned.EnumerateArray().Single(s => s.GetProperty("id").GetString() == first);
        Assert.Equal(new string?[] { "Про бюджет", "Про програму «Питна вода»" }, shown.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToArray());
        Assert.Equal(pdf, await hall.Http.GetByteArrayAsync(doc.GetProperty("url").GetString()));

        var session = shown.GetProperty("sessionId").GetString();
        var second = (await admin.OkAsync(HttpMethod.Post, $"{api}/sittings", new { sessionId = session, bodyId = C + "-plenary", hallId, number = 2, date = "2026-12-20" }))
            .GetProperty("id").GetString()!;
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{second}/agenda", new { title = "Про звернення громади" });

        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{first}/open");
        var view = await hall.Http.GetFromJsonAsync<SittingView>($"/api/sittings/{first}");
        Assert.Equal(new string?[] { "Про бюджет", "Про програму «Питна вода»" }, view!.Agenda.Select(a => a.Title).ToArray());
        // Another sitting may not open in a hall that is sitting; nothing changes.
        var before = await admin.SnapshotAsync(C);
        var busy = await admin.RefusedAsync(HttpMethod.Post, $"{api}/sittings/{second}/open", null, HttpStatusCode.Conflict);
        Assert.Equal("hall-busy", busy.GetProperty("code").GetString());
        Assert.Contains(first, busy.GetProperty("detail").GetString());
        Assert.Equal(before, await admin.SnapshotAsync(C));
        // A deputy on the sitting's roster stays in the record: end the mandate instead.
        var deputies = await admin.GetAsync($"{api}/deputies");
        var dep1 = deputies[0].GetProperty("id").GetString()!;
        var dep2 = deputies[1].GetProperty("id").GetString()!;
        var inRollCall = await admin.RefusedAsync(HttpMethod.Delete, $"{api}/deputies/{dep1}", null, HttpStatusCode.Conflict);
        Assert.Equal("deputy-in-roll-call", inRollCall.GetProperty("code").GetString());
        Assert.Equal(before, await admin.SnapshotAsync(C));

        // Two tablets, PINs issued by the admin, a secretary of the council runs the vote.
        await admin.OkAsync(HttpMethod.Post, $"{api}/accounts", new { login = "sekretar-hlibne", password = "secretary-password-1", role = "secretary" });
        var secretary = await RegistryClient.LoginAsync(hall, "sekretar-hlibne", "secretary-password-1");
        var chair = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(secretary.Token));
        var sittings = new List<SittingView>();
        chair.On<SittingView>(HubNames.Sitting, v => { lock (sittings) sittings.Add(v); });
        await chair.StartAsync();
        var tablets = new List<HubConnection>();
        foreach (var (seat, deputy) in new[] { (1, dep1), (2, dep2) })
        {
            var tablet = await hall.ConnectTerminalAsync();
            var hello = await tablet.InvokeAsync<HelloReply>("Hello", new HelloRequest(await admin.IssueTabletKeyAsync(C, hallId, seat), "test"));
            Assert.True(hello.Accepted);
            Assert.Equal(first, hello.SittingId);
            tablets.Add(tablet);
        }
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var (pins, ids) = (new[] { await admin.IssuePinAsync(C, dep1), await admin.IssuePinAsync(C, dep2) }, new[] { dep1, dep2 });
        for (int i = 0; i < 2; i++)
            await tablets[i].InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), i + 1, Pin: pins[i], Deputy: ids[i])).Must();
        // The quorum (14 of 26): twelve more deputies at hardware seats behind a gateway.
        await admin.IdentifyAtGatewayAsync(C, hallId, first: 2, count: 12, firstSeat: 3);
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(view.Agenda[0].Id)).Must();
        var voteId = (await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Про бюджет в цілому", "as-a-whole", "majority-of-composition", "named", 120)).Must()).Id!;
        for (int i = 0; i < 2; i++)
            await tablets[i].InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), i + 1, voteId, "yes")).Must();
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{voteId}");
        Assert.Equal(2, vote!.Tally.Yes);
        Assert.Equal(27, vote.RollCall!.Length);

        var closed = await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{first}/close");
        Assert.Equal("closed", closed.GetProperty("status").GetString());

        // The next sitting opens in the same hall, and the tablets, still connected, are shown it without a reconnect.
        var pushed = new List<SittingView>();
        tablets[0].On<SittingView>(HubNames.Sitting, v => { lock (pushed) pushed.Add(v); });
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{second}/open");
        await Eventually.True(() => { lock (pushed) return pushed.Any(v => v.SittingId == second); }, "the tablet is shown the hall's next sitting");
        await Eventually.True(() => { lock (sittings) return sittings.Any(v => v.SittingId == second); }, "the secretary is shown the next sitting");
        Assert.Equal(second, (await hall.Http.GetFromJsonAsync<SittingView>("/api/sittings/current"))!.SittingId);
        await tablets[0].InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 1, Pin: pins[0], Deputy: ids[0])).Must();
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{second}/close");
        await Eventually.True(() => File.Exists(Path.Combine(hall.DataDir, "opendata", first, "protocol.pdf")), "the first sitting's protocol is published");

        // A committee of five sits in the same hall, on the same engine, and is published with its own composition.
        var members = deputies.EnumerateArray().Where(d => !d.GetProperty("isHead").GetBoolean()).Take(5)
            .Select((d, n) => new { deputyId = d.GetProperty("id").GetString(), role = n == 0 ? "chair" : "member" }).ToArray();
        var committee = await admin.OkAsync(HttpMethod.Post, $"{api}/bodies", new { name = "Комісія з питань бюджету", kind = "committee", quorumRule = "more-than-half", defaultRule = "majority-of-composition", members });
        Assert.Equal(5, committee.GetProperty("composition").GetInt32());
        var committeeSitting = (await admin.OkAsync(HttpMethod.Post, $"{api}/sittings", new { bodyId = committee.GetProperty("id").GetString(), hallId, number = 1, date = "2026-12-21" }))
            .GetProperty("id").GetString()!;
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{committeeSitting}/agenda", new { title = "Про розгляд проєкту бюджету" });
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{committeeSitting}/open");
        var cview = await hall.Http.GetFromJsonAsync<SittingView>($"/api/sittings/{committeeSitting}");
        Assert.Equal(3, cview!.QuorumNeeded);
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        for (int i = 0; i < 2; i++)
            await tablets[i].InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), i + 1, Pin: pins[i], Deputy: ids[i])).Must();
        // The committee's third member makes its quorum (3 of 5).
        await admin.IdentifyAtGatewayAsync(C, hallId, first: 2, count: 1, firstSeat: 3);
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(cview.Agenda[0].Id)).Must();
        var cvote = (await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Рекомендувати раді", "as-a-whole", "majority-of-composition", "named", 120)).Must()).Id!;
        await tablets[0].InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), 1, cvote, "yes")).Must();
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(cvote)).Must();
        var committeeVote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{cvote}");
        Assert.Equal(3, committeeVote!.Threshold);
        Assert.Equal(5, committeeVote.RollCall!.Length);
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{committeeSitting}/close");

        var folder = Path.Combine(hall.DataDir, "opendata", committeeSitting);
        // The publisher writes the files in name order and sitting.zip's signature last: wait for that, not for protocol.pdf
        // (written before ua-835/), or the CSVs may not be there yet.
        await Eventually.True(() => File.Exists(Path.Combine(folder, "protocol.pdf")) && File.Exists(Path.Combine(folder, "sitting.zip.p7s")),
            "the committee's protocol and the whole set are published");
        var voteCsv = await File.ReadAllLinesAsync(Path.Combine(folder, "ua-835", "vote.csv"));
        Assert.Equal(5 + 1, voteCsv.Length);
        using var popolo = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "popolo.json")));
        var orgs = popolo.RootElement.GetProperty("organizations").EnumerateArray().ToList();
        Assert.Contains(orgs, o => o.GetProperty("classification").GetString() == "committee" && o.GetProperty("parent_id").GetString() == C);
        var motions = await File.ReadAllTextAsync(Path.Combine(folder, "ua-835-legacy", "motions.csv"));
        Assert.Contains($"Рада {C}", motions);
    }
}
