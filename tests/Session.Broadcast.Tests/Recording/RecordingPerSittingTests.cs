using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Recording;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using Session.Testing;
using Xunit.Abstractions;

namespace Session.Broadcast.Tests.Recording;

/// <summary>
/// Issue 14: one broadcast runs on across two sittings of a real hall; each sitting's recording is joined when it
/// closes, with its own chapters and vote links, while the encoder runs on (one run, no archive gap). The <c>join</c>
/// command then rebuilds the first recording from the archive to the same hash, and refuses bad input in both languages.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class RecordingPerSittingTests(ITestOutputHelper output)
{
    private const string C = "dubno";

    [Fact]
    public async Task Two_sittings_under_one_running_broadcast_give_two_recordings_and_join_rebuilds_the_same_file()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        var (first, hallId) = await admin.CreateCouncilAsync(C);
        var api = $"/api/councils/{C}";
        var sessionId = (await hall.Http.GetFromJsonAsync<JsonElement>($"{api}/sittings?status=planned")).EnumerateArray().Single().GetProperty("sessionId").GetString();
        var second = (await admin.OkAsync(HttpMethod.Post, $"{api}/sittings", new { sessionId, bodyId = C + "-plenary", hallId, number = 2, date = DateTime.UtcNow.ToString("yyyy-MM-dd") }))
            .GetProperty("id").GetString()!;
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{second}/agenda", new { title = "Про звернення громади" });
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{first}/open");
        await admin.OkAsync(HttpMethod.Post, $"{api}/accounts", new { login = "sekretar-dubno", password = "secretary-password-1", role = "secretary" });
        var secretary = await RegistryClient.LoginAsync(hall, "sekretar-dubno", "secretary-password-1");
        var chair = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(secretary.Token));
        await chair.StartAsync();

        var dir = BroadcastRun.NewDir();
        var options = BroadcastRun.Defaults(dir, hall.BaseUrl) with { RecordingsDir = Path.Combine(dir, "recordings") };
        await using var run = BroadcastRun.Start(options, dir);
        await Until(() => run.Host.Marks.SittingId == first && run.Host.Overlay.FramesWritten > 2 * options.Fps, "the broadcast follows the first sitting", TimeSpan.FromSeconds(60), run);

        var vote1 = await SitAsync(hall, admin, chair, hallId, run);
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{first}/close");
        await Until(() => run.Host.Recorder.Recordings.Any(r => r.SittingId == first), "the first sitting's recording is joined while the stream goes on", TimeSpan.FromSeconds(40), run);

        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{second}/open");
        await Until(() => run.Host.Marks.SittingId == second, "the broadcast follows the second sitting", TimeSpan.FromSeconds(20), run);
        var vote2 = await SitAsync(hall, admin, chair, hallId, run);

        // join refuses a sitting still open, an unknown one and an archive that holds nothing, in both languages.
        var archive = options.ArchiveDir;
        var (code, log) = await JoinAsync(["--archive", archive, "--sitting", second, "--hall", hall.BaseUrl.ToString()]);
        Assert.True(code == 3 && log.Contains("[sitting-not-closed]") && log.Contains("ще не закрите") && log.Contains("is not closed yet"), log);
        (code, log) = await JoinAsync(["--archive", archive, "--sitting", "no-such-sitting", "--hall", hall.BaseUrl.ToString()]);
        Assert.True(code == 3 && log.Contains("[sitting-unknown]") && log.Contains("зала не знає засідання") && log.Contains("the hall has no sitting"), log);
        (code, log) = await JoinAsync(["--archive", Path.Combine(dir, "absent"), "--sitting", first, "--hall", hall.BaseUrl.ToString()]);
        Assert.True(code == 3 && log.Contains("[archive-missing]") && log.Contains("немає сегментів") && log.Contains("holds no recorded segments"), log);

        // The broadcast stops while it waits for the segment holding the second close: that recording is joined at the stop.
        await admin.OkAsync(HttpMethod.Post, $"{api}/sittings/{second}/close");
        await Until(() => run.Host.Marks.SittingId == second && run.Host.Marks.Closed, "the broadcast sees the second sitting closed", TimeSpan.FromSeconds(10), run);
        await Task.Delay(TimeSpan.FromSeconds(4)); // loudnorm looks 3 s ahead: the last seconds before a stop are not in the archive
        Assert.Equal(0, await run.StopAsync());

        // Joined once each (the stop did not join the closed second sitting again), by one encoder run with every segment in order.
        var recordings = run.Host.Recorder.Recordings;
        Assert.Equal([first, second], recordings.Select(r => r.SittingId));
        Assert.Equal(1, run.Log.Split('\n').Count(l => l.Contains("Starting encoder")));
        var runs = ArchiveRun.Find(archive);
        var only = Assert.Single(runs);
        Assert.Equal(Enumerable.Range(0, only.Segments.Count).Select(i => i.ToString("D5", CultureInfo.InvariantCulture)),
            only.Segments.Select(s => Path.GetFileNameWithoutExtension(s)[^5..]));
        var (one, two) = (recordings[0], recordings[1]);
        Assert.All(one.Runs.Concat(two.Runs).SelectMany(r => r.Segments), s => Assert.StartsWith($"archive-{only.Stamp}-", s));
        Assert.True(string.CompareOrdinal(one.Runs[^1].Segments[^1], two.Runs[0].Segments[0]) <= 0, "the second recording begins where the first ended or later");

        foreach (var (recording, sitting, item, voteId) in new[] { (one, first, "1. Про бюджет", vote1), (two, second, "1. Про звернення громади", vote2) })
        {
            var folder = Path.Combine(options.RecordingsDir!, sitting);
            var mp4 = Path.Combine(folder, RecordingDescriptor.VideoFile);
            Assert.Equal(recording.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(mp4))));
            Assert.Equal(recording.Sha256, RecordingDescriptor.Parse(File.ReadAllBytes(Path.Combine(folder, RecordingDescriptor.FileName))).Sha256);
            Assert.Contains(recording.Chapters, c => c.Title == item);
            var vote = Assert.Single(recording.Votes);
            Assert.Equal(voteId, vote.VoteId);
            // The link is measured from this recording's own first frame.
            var expected = (vote.OpenedAt - recording.StartedAt).TotalSeconds;
            Assert.InRange(vote.OffsetSeconds ?? -1, expected - 1, expected + 1);
            Assert.InRange(recording.DurationSeconds, 8, 60);
            // What a viewer sees: a second before the link the vote is not yet on screen, a second after it is.
            var at = vote.OffsetSeconds!.Value;
            var before = await RecordingJoinTests.SideMean(mp4, at - 1.0, dir);
            var after = await RecordingJoinTests.SideMean(mp4, at + 1.0, dir);
            Assert.False(Pixels.Near(before, RecordingJoinTests.PanelColour, 40), $"{sitting}: the vote panel is already up a second before its link at {at} s: {before}");
            Assert.True(Pixels.Near(after, RecordingJoinTests.PanelColour, 40), $"{sitting}: the vote panel is not up a second after its link at {at} s: {after}");
        }
        output.WriteLine($"waited for the segment holding the close: {string.Join(", ", run.Host.Recorder.Waited.Select(w => $"{w.Key} {w.Value.TotalSeconds:0.0} s"))}");
        Assert.True(run.Host.Recorder.Waited.Values.All(w => w < TimeSpan.FromSeconds(4 + 2 + 5)), string.Join(", ", run.Host.Recorder.Waited));

        // join, from the same archive with the marks the broadcast kept, makes the very same file.
        (code, log) = await JoinAsync(["--archive", archive, "--sitting", first, "--hall", hall.BaseUrl.ToString(), "--recordings", Path.Combine(dir, "rejoined")]);
        Assert.True(code == 0, log);
        var rejoined = RecordingDescriptor.Parse(File.ReadAllBytes(Path.Combine(dir, "rejoined", first, RecordingDescriptor.FileName)));
        Assert.Equal(one.Sha256, rejoined.Sha256);

        // Without those marks (--from-journal, or none kept) they come from the hall's journal: the same segments and chapters, the chapter times the hall's own.
        await Eventually.True(() => File.Exists(Path.Combine(hall.DataDir, "opendata", second, "journal.jsonl")), "the second sitting's journal is published");
        Assert.True(File.Exists(SittingMarks.FilePath(archive, second)));
        (code, log) = await JoinAsync(["--archive", archive, "--sitting", second, "--hall", hall.BaseUrl.ToString(), "--recordings", Path.Combine(dir, "fromjournal"), "--from-journal"]);
        Assert.True(code == 0 && log.Contains("rebuilt from the hall's journal"), log);
        var fromJournal = RecordingDescriptor.Parse(File.ReadAllBytes(Path.Combine(dir, "fromjournal", second, RecordingDescriptor.FileName)));
        Assert.Equal(two.Runs.SelectMany(r => r.Segments), fromJournal.Runs.SelectMany(r => r.Segments));
        Assert.Equal(two.Chapters.Select(c => c.Title), fromJournal.Chapters.Select(c => c.Title));
        Assert.Equal(two.Votes.Select(v => v.OffsetSeconds), fromJournal.Votes.Select(v => v.OffsetSeconds));
    }

    /// <summary>Registration with a quorum, an item taken up, a named vote opened and closed, a few seconds apart.</summary>
    private static async Task<string> SitAsync(HallServerProcess hall, RegistryClient admin, HubConnection chair, string hallId, BroadcastRun run)
    {
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        // The gateway stays connected (its deputies stay registered); the hall closes it when disposed.
        await admin.IdentifyAtGatewayAsync(C, hallId, first: 0, count: 14, firstSeat: 1);
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var sitting = await hall.CurrentSittingAsync();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var voteId = (await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Прийняти в цілому", "as-a-whole", "majority-of-composition", "named", 60)).Must()).Id!;
        await Until(() => run.Host.LastScene?.Live is not null, "the overlay shows the open vote", TimeSpan.FromSeconds(10), run);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the panel stays up well past a second after the opening (the link's pixel check)
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        await Task.Delay(TimeSpan.FromSeconds(2));
        return voteId;
    }

    private static async Task<(int Code, string Log)> JoinAsync(string[] args)
    {
        var text = new StringWriter();
        using (var logs = LoggerFactory.Create(b => b.AddProvider(new MaskedLoggerProvider(TextWriter.Synchronized(text), new SecretMasker()))))
        {
            var code = await JoinCommand.RunAsync(args, logs, new SecretMasker(), _ => null, CancellationToken.None);
            return (code, text.ToString());
        }
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout, BroadcastRun run)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting until {what}\n{string.Join('\n', run.Log.Split('\n').Where(l => !l.Contains("dbug")).TakeLast(30))}");
            await Task.Delay(100);
        }
    }
}
