using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Broadcast.Overlay;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using Session.Testing;
using SkiaSharp;

namespace Session.Broadcast.Tests;

/// <summary>
/// Issue 14 item 2 end to end with real parts: lines sent to the hall's <c>/hubs/captions</c> reach a viewer of the public
/// relay, are burned into the picture decoded at a real RTMP sink, are posted to a local stand-in for YouTube's caption
/// URL (with seq and a retry), and are written to the WebVTT file beside the archive.
/// </summary>
[Collection(FfmpegCollection.Name)]
public class LiveCaptionTests
{
    /// <summary>Inside a one-line caption box, left of the centred short text: dark while a caption shows.</summary>
    private static readonly SKRect BoxStrip = new(110, 940, 400, 1012);

    [Fact]
    public async Task Typed_lines_reach_the_public_relay_the_picture_the_caption_url_and_the_webvtt_file()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { ExtraArgs = ["--Hall:PublicRelay:Enabled=true"] });
        var relay = await hall.PublicRelayUrlAsync();
        var viewer = hall.BuildConnectionAt(relay, HubNames.PublicPath);
        var seen = new List<CaptionLine>();
        viewer.On<CaptionLine>(HubNames.Caption, line => { lock (seen) seen.Add(line); });
        await viewer.StartAsync();

        const string cid = "cid-7f3a9c51e2";
        using var receiver = new CaptionReceiver(cid, failFirst: 1);
        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        await using var sink = new LiveDecoder(port, "captions-key-5d21", 640, BoxStrip);
        await Task.Delay(500); // let the decoder listen
        var options = BroadcastRun.Defaults(dir, hall.BaseUrl) with
        {
            RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret("captions-key-5d21"),
            CaptionsUrl = new Secret(receiver.Url), CaptionsVttPath = Path.Combine(dir, "archive", "captions.vtt"), CaptionHold = TimeSpan.FromSeconds(4),
        };
        await using var run = BroadcastRun.Start(options, dir);
        await Until(() => sink.Count > 25, "decoded frames arrive at the sink", TimeSpan.FromSeconds(90), run);
        await Until(() => run.Log.Contains("Watching sitting"), "the broadcast follows the hall", TimeSpan.FromSeconds(60), run);
        // The relay's first viewer starts its feed from the hall; on a loaded machine that can outlast one Watch's wait.
        await Eventually.True(async () =>
        {
            try { return await viewer.InvokeAsync<SittingView?>("WatchCouncil", "vyshneva") is not null; }
            catch (HubException) { return false; }
        }, "a viewer of the public relay watches the sitting", TimeSpan.FromSeconds(120));
        int baselineFrom = sink.Count;
        await Until(() => sink.Count > baselineFrom + 10, "frames without a caption", TimeSpan.FromSeconds(30), run);
        var baseline = sink.Frames.Skip(baselineFrom).Select(f => f.R + f.G + f.B).Average();
        Assert.True(baseline > 150, $"the test pattern under the empty caption band is bright ({baseline:0})");

        var token = await hall.ChairTokenAsync();
        var captions = hall.BuildConnection(HubNames.CaptionsPath, token: () => Task.FromResult<string?>(token));
        await captions.StartAsync();
        var first = await captions.InvokeAsync<CommandAck>("Send", new CaptionRequest("Добрий день, колеги"));
        Assert.True(first.Accepted, first.MessageEn);
        int from = sink.Count;

        await Until(() => { lock (seen) return seen.Any(l => l.Text == "Добрий день, колеги" && !l.Partial && l.Seq == first.JournalSeq); },
            "the relay's viewer gets the line", TimeSpan.FromSeconds(30), run);
        await Until(() => run.Host.LastScene?.Caption == "Добрий день, колеги", "the overlay shows the caption", TimeSpan.FromSeconds(30), run);
        await Until(() => sink.Frames.Skip(from).Count(f => f.R + f.G + f.B < 100) >= 5,
            "the dark caption box is decoded at the sink", TimeSpan.FromSeconds(60), run);

        // Too long: refused in both languages, not numbered, and nothing acknowledged before it is lost.
        var tooLong = await captions.InvokeAsync<CommandAck>("Send", new CaptionRequest(new string('я', CaptionLimits.MaxLength + 1)));
        Assert.False(tooLong.Accepted);
        Assert.Equal("caption-too-long", tooLong.Reason);
        Assert.Contains("задовгий", tooLong.Message);
        Assert.Contains("too long", tooLong.MessageEn);
        var second = await captions.InvokeAsync<CommandAck>("Send", new CaptionRequest("Переходимо до питання"));
        Assert.Equal(first.JournalSeq + 1, second.JournalSeq);
        var recent = await captions.InvokeAsync<CaptionLine[]>("Recent");
        Assert.Equal(["Добрий день, колеги", "Переходимо до питання"], recent.TakeLast(2).Select(l => l.Text));

        // YouTube's format: seq 1 (refused once by the receiver, retried with the same seq), then seq 2.
        await Until(() => receiver.Posts.Count(p => p.Status == 200) >= 2, "both lines are posted to the caption URL", TimeSpan.FromSeconds(60), run);
        var posts = receiver.Posts;
        Assert.Equal([$"?cid={cid}&seq=1", $"?cid={cid}&seq=1", $"?cid={cid}&seq=2"], posts.Take(3).Select(p => p.Query));
        Assert.Equal([503, 200, 200], posts.Take(3).Select(p => p.Status));
        Assert.All(posts, p => Assert.StartsWith("text/plain", p.ContentType));
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\nДобрий день, колеги\n$"), posts[1].Body);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\nПереходимо до питання\n$"), posts[2].Body);

        // The caption expires a few seconds after the last text.
        await Until(() => run.Host.LastScene is { Caption: null }, "the caption expires", TimeSpan.FromSeconds(30), run);
        Assert.Equal(0, await run.StopAsync());

        var vtt = await File.ReadAllTextAsync(options.CaptionsVttPath!);
        Assert.StartsWith("WEBVTT\n\n", vtt);
        var cues = Regex.Matches(vtt, @"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(.+)\n");
        Assert.Equal(["Добрий день, колеги", "Переходимо до питання"], cues.Select(m => m.Groups[3].Value));
        var times = cues.SelectMany(m => new[] { TimeSpan.Parse(m.Groups[1].Value), TimeSpan.Parse(m.Groups[2].Value) }).ToList();
        Assert.Equal(times.Order(), times);
        Assert.True(times[0] > TimeSpan.Zero && times[^1] < TimeSpan.FromMinutes(5), $"cue times from the archive's start: {string.Join(", ", times)}");
        Assert.DoesNotContain(cid, run.Log);
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout, BroadcastRun run)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting until {what}\n{Tail(run.Log)}");
            await Task.Delay(100);
        }
    }

    private static string Tail(string log) =>
        string.Join('\n', log.Split('\n').Where(l => !l.Contains("dbug")).TakeLast(30));
}
