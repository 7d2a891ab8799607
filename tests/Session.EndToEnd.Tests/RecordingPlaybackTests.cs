using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// A closed sitting's recording on the public page (issue 14 item 4), on a phone through the public relay: the player
/// loads the MP4's metadata, the chapters seek, and a vote's «Запис з моменту відкриття» link (<c>#t=</c>) moves the
/// player to the second the vote opened — under the page's Content-Security-Policy, with no inline script.
/// </summary>
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
            lock (problems) Assert.DoesNotContain(problems, p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
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
