using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// A closed sitting's recording on the public page (issue 14 item 4), on a phone through the public relay: the player
/// loads the MP4's metadata, the chapters seek, and a vote's «Запис з моменту відкриття» link (<c>#t=</c>) moves the
/// player to the second the vote opened — under the page's Content-Security-Policy, with no inline script.
/// </summary>
[Collection(Lane.A)]
public sealed class RecordingPlaybackTests
{
    [Fact]
    public async Task A_citizen_on_a_phone_plays_the_closed_sittings_recording_by_chapter_and_from_a_votes_opening()
    {
        var work = Directory.CreateTempSubdirectory("session-recording-e2e-").FullName;
        try
        {
            await using var stage = await Stage.StartAsync("recording-phone", hallArgs: ["--Hall:PublicRelay:Enabled=true"]);
            var hall = stage.Hall;
            var relay = await hall.PublicRelayUrlAsync();
            const string past = TestRecording.PastSitting;
            await Eventually.True(() => File.Exists(Path.Combine(hall.DataDir, "opendata", past, "sitting.zip.p7s")),
                "the past sitting's final publication", TimeSpan.FromSeconds(90));
            var recording = await TestRecording.MakeAsync(work);
            await recording.UploadAsync(hall.Http, hall.BroadcastKey);

            var phone = await stage.OpenAsync("/vyshneva/", 360, 740, via: relay, label: "phone via relay");
            var problems = new List<string>();
            phone.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add(m.Text); };

            // The player, with the MP4 and its chapter track, served by the relay.
            var video = phone.Locator($"[id='player-{past}']");
            await Expect(video).ToBeVisibleAsync();
            Assert.Equal("metadata", await video.GetAttributeAsync("preload"));
            Assert.EndsWith($"/recordings/{past}/recording.mp4", await video.EvaluateAsync<string>("v => v.currentSrc"));
            Assert.StartsWith(relay.GetLeftPart(UriPartial.Authority), await video.EvaluateAsync<string>("v => v.currentSrc"));
            Assert.Equal("chapters", await video.Locator("track").GetAttributeAsync("kind"));
            await phone.WaitForFunctionAsync($"() => document.getElementById('player-{past}').readyState >= 1", null, new() { Timeout = 30_000 });
            var duration = await video.EvaluateAsync<double>("v => v.duration");
            Assert.InRange(duration, recording.DurationSeconds - 0.5, recording.DurationSeconds + 0.5);
            // The chapter track parsed by the browser itself.
            await phone.WaitForFunctionAsync($"() => {{ const t = document.getElementById('player-{past}').textTracks[0]; return t && t.cues && t.cues.length === 3; }}", null, new() { Timeout = 30_000 });

            // The chapters the citizen can press: the third starts at 3.5 s.
            var chapters = phone.Locator(".chapters button.chapter");
            await Expect(chapters).ToHaveCountAsync(3);
            await Expect(chapters.Nth(0)).ToContainTextAsync("0:00 — Відкриття засідання");
            await chapters.Nth(2).ClickAsync();
            await AssertNear(video, 3.5);

            // Every vote of the recording listed; the first two link to the second they opened, the others were not recorded.
            await Expect(phone.Locator(".rec-votes li")).ToHaveCountAsync(10);
            var link = phone.Locator("[id='rec-vote-demo-vote-2'] a.rec-link");
            await Expect(link).ToContainTextAsync("Запис з моменту відкриття");
            Assert.EndsWith($"/recordings/{past}/recording.mp4#t=4", await link.GetAttributeAsync("href"));
            Assert.Equal("Запис з моменту відкриття голосування № 2", await link.GetAttributeAsync("aria-label"));
            await Expect(phone.Locator("[id='rec-vote-demo-vote-5']")).ToContainTextAsync("момент відкриття не записано");
            await link.ClickAsync();
            await AssertNear(video, 4);
            // The player has the keyboard after a seek; the page did not navigate away.
            Assert.Equal($"player-{past}", await phone.EvaluateAsync<string>("() => document.activeElement.id"));
            Assert.EndsWith("/vyshneva/", phone.Url);
            // By keyboard: the first vote's link, focused and entered.
            await phone.Locator("[id='rec-vote-demo-vote-1'] a.rec-link").FocusAsync();
            await phone.Keyboard.PressAsync("Enter");
            await AssertNear(video, 2);

            // Fits the phone: nothing wider than the viewport.
            Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
            await stage.ShotAsync(phone, "recording-360-public-page");
            // WCAG 2.1 AA as the other pages are held to (AccessibilityTests): no serious or critical axe violation.
            AxeResult axe = await phone.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Impact} {v.Id}: {v.Help}").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            // In English, the same player (playback is not reset) with English words.
            var at = await video.EvaluateAsync<double>("v => v.currentTime");
            await phone.ById("lang-switch").ClickAsync();
            await Expect(link).ToContainTextAsync("Recording from the opening");
            Assert.Equal("Recording of the sitting", await video.GetAttributeAsync("aria-label"));
            Assert.InRange(await video.EvaluateAsync<double>("v => v.currentTime"), at - 0.01, at + 1);
            lock (problems) Assert.DoesNotContain(problems, p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task When_todays_sitting_closes_and_its_recording_is_accepted_the_open_page_shows_it_and_links_the_vote()
    {
        var work = Directory.CreateTempSubdirectory("session-recording-close-").FullName;
        try
        {
            await using var stage = await Stage.StartAsync("recording-close");
            var hall = stage.Hall;
            var chair = await hall.ConnectChairAsync();
            var gateway = await stage.GatewayAsync();
            await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 16));
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall);
            await Stage.CastAsync(gateway, voteId, Enumerable.Range(1, 15), "yes");
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();

            // A citizen follows the sitting on a phone while it closes.
            var phone = await stage.OpenAsync("/vyshneva/", 360, 740);
            var entry = phone.Locator($"[id='vote-{voteId}']");
            await Expect(entry).ToBeVisibleAsync();
            var today = Session.HallServer.Demo.DemoCouncil.CurrentSittingId;
            await chair.InvokeAsync<CommandAck>("CloseSitting").Must();
            await Expect(phone.ById("sitting-status")).ToContainTextAsync("Засідання закрито");
            await Eventually.True(() => File.Exists(Path.Combine(hall.DataDir, "opendata", today, "sitting.zip.p7s")), "today's final publication", TimeSpan.FromSeconds(90));

            // The broadcast's upload after the close: the vote opened 3 s into the recording.
            var recording = await TestRecording.MakeAsync(work);
            var descriptor = recording.Descriptor(today, d => d["votes"] = new[]
            {
                new { voteId, number = 1, itemId = (string?)null, motion = "Про тестове рішення в цілому", openedAt = DateTimeOffset.UtcNow, offsetSeconds = (long?)3 },
            });
            (await TestRecording.PutAsync(hall.Http, $"/api/recordings/{today}/recording.json", hall.BroadcastKey, descriptor, "application/json")).EnsureSuccessStatusCode();
            (await TestRecording.PutAsync(hall.Http, $"/api/recordings/{today}/recording.mp4", hall.BroadcastKey, recording.Bytes, "video/mp4")).EnsureSuccessStatusCode();

            // The open page asks again and shows it, without a reload: the player, and the link in the vote's own entry.
            var video = phone.Locator($"[id='player-{today}']");
            await Expect(video).ToBeVisibleAsync(new() { Timeout = 45_000 });
            await Expect(phone.Locator(".chapters button.chapter")).ToHaveCountAsync(3);
            var link = entry.Locator("a.rec-link");
            Assert.EndsWith($"/recordings/{today}/recording.mp4#t=3", await link.GetAttributeAsync("href"));
            await entry.Locator("summary").ClickAsync();
            await link.ClickAsync();
            await AssertNear(video, 3);
            await phone.WaitForFunctionAsync($"() => document.getElementById('player-{today}').readyState >= 1", null, new() { Timeout = 30_000 });
            await stage.ShotAsync(phone, "recording-360-closed-today");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task AssertNear(ILocator video, double seconds)
    {
        // Seeking lands on a frame; a second of slack, as the issue asks.
        await Eventually.True(async () => Math.Abs(await video.EvaluateAsync<double>("v => v.currentTime") - seconds) < 1,
            $"the player at {seconds.ToString(CultureInfo.InvariantCulture)} s", TimeSpan.FromSeconds(10));
    }
}
