using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>
/// The caption console's hub (issue 14) with real SignalR clients: a captioner's lines reach the council's public
/// viewers numbered in order; a captioner can do nothing else; another account is refused in Ukrainian and English;
/// bad and over-fast lines are refused and nothing acknowledged is lost.
/// </summary>
public sealed class CaptionerRoleTests
{
    [Fact]
    public async Task A_captioner_captions_and_nothing_else_while_others_are_refused_in_both_languages_and_no_acknowledged_line_is_lost()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var host = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(host, "alfa");
        await AccessKit.CreateAccountAsync(host, "alfa", "cap-alfa", "captions pass 2026 alfa", "captioner");
        await AccessKit.CreateAccountAsync(host, "alfa", "obs-alfa", "observer pass 2026 alfa", "observer");
        var captioner = await AccessKit.TokenAsync(hall.Http, "cap-alfa", "captions pass 2026 alfa");
        var observer = await AccessKit.TokenAsync(hall.Http, "obs-alfa", "observer pass 2026 alfa");

        var viewer = hall.BuildConnection(HubNames.PublicPath);
        var seen = new List<CaptionLine>();
        viewer.On<CaptionLine>(HubNames.Caption, line => { lock (seen) seen.Add(line); });
        await viewer.StartAsync();
        await viewer.InvokeAsync<SittingView?>("WatchCouncil", "alfa");

        var console = hall.BuildConnection(HubNames.CaptionsPath, messagePack: true, token: () => Task.FromResult<string?>(captioner));
        await console.StartAsync();
        var first = await console.InvokeAsync<CommandAck>("Send", new CaptionRequest("Шановні депутати"));
        Assert.True(first.Accepted, first.MessageEn);
        var partial = await console.InvokeAsync<CommandAck>("Send", new CaptionRequest("Розпоч", Partial: true));
        Assert.True(partial.Accepted);
        await Eventually.True(() => { lock (seen) return seen.Count == 2; }, "the viewer gets the line and the partial one");
        lock (seen)
        {
            Assert.Equal(("Шановні депутати", false, first.JournalSeq), (seen[0].Text, seen[0].Partial, (long?)seen[0].Seq));
            Assert.Equal(("Розпоч", true), (seen[1].Text, seen[1].Partial));
        }

        // Nothing else: not the secretary's console, not the registry, not the audit chain.
        var chair = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(captioner));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => chair.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/councils/alfa/audit", captioner));
        Assert.Equal(HttpStatusCode.Forbidden, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/councils/alfa/factions", captioner, new { name = "Фракція" }));
        Assert.Equal(HttpStatusCode.Forbidden, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/terminals", captioner, new { kind = "tablet", seats = new[] { 1 } }));

        // An observer connects (any account may) but is told it may not caption, in both languages.
        var other = hall.BuildConnection(HubNames.CaptionsPath, token: () => Task.FromResult<string?>(observer));
        await other.StartAsync();
        var no = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<CommandAck>("Send", new CaptionRequest("Чужий рядок")));
        Assert.Contains("Вводити субтитри може лише субтитрувальник", no.Message);
        Assert.Contains("Only a captioner", no.Message);
        await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<CaptionLine[]>("Recent"));

        // Bad lines: refused with the reason in both languages, not numbered.
        var control = await console.InvokeAsync<CommandAck>("Send", new CaptionRequest("рядок\u0007з дзвінком"));
        Assert.Equal(("caption-bad-text", false), (control.Reason, control.Accepted));
        Assert.Contains("керівні символи", control.Message);
        Assert.Contains("control characters", control.MessageEn);
        var tooLong = await console.InvokeAsync<CommandAck>("Send", new CaptionRequest(new string('ї', CaptionLimits.MaxLength + 1)));
        Assert.Equal("caption-too-long", tooLong.Reason);

        // Faster than the hub's per-connection limit: the excess is refused too-many-requests; every acknowledged line
        // reaches the viewer, numbered one after another.
        var burst = await Task.WhenAll(Enumerable.Range(1, 200).Select(i => console.InvokeAsync<CommandAck>("Send", new CaptionRequest($"Рядок {i}"))));
        Assert.Contains(burst, a => !a.Accepted && a.Reason == "too-many-requests");
        var acked = burst.Where(a => a.Accepted).Select(a => a.JournalSeq!.Value).Order().ToList();
        Assert.NotEmpty(acked);
        Assert.Equal(Enumerable.Range((int)partial.JournalSeq!.Value + 1, acked.Count).Select(x => (long)x), acked);
        await Eventually.True(() => { lock (seen) return acked.All(s => seen.Any(l => l.Seq == s)); }, "every acknowledged line reaches the viewer");
        lock (seen) Assert.DoesNotContain(seen, l => l.Text == "Чужий рядок" || l.Text.StartsWith("рядок\u0007", StringComparison.Ordinal));
        // The burst spent this connection's tokens: ask again until the bucket has refilled.
        CaptionLine[] recent = [];
        await Eventually.True(async () =>
        {
            try { recent = await console.InvokeAsync<CaptionLine[]>("Recent"); return true; }
            catch (HubException e) when (e.Message.Contains("too-many-requests", StringComparison.Ordinal)) { return false; }
        }, "the console reads its last lines");
        Assert.Equal(acked.TakeLast(CaptionLimits.Recent - 1), recent.Select(l => l.Seq).TakeLast(Math.Min(acked.Count, CaptionLimits.Recent - 1)));
        AccessKit.NoSecretLeaked(hall);
    }
}
