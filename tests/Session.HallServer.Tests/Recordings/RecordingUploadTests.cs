using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Session.Publishing.Verification;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Recordings;

/// <summary>
/// The broadcast's upload of a closed sitting's recording (issue 14 item 4; docs/api.md "Recordings"), on a real hall
/// with a real MP4 made by FFmpeg: every bad upload refused in Ukrainian and English with nothing changed, the good one
/// accepted, served with ranges and chapters, and its hash signed into the sitting's published set.
/// </summary>
public sealed class RecordingUploadTests
{
    private const string Past = TestRecording.PastSitting;
    private const string Json = "application/json";
    private const string Mp4 = "video/mp4";
    private static readonly string DescriptorPath = $"/api/recordings/{Past}/recording.json";
    private static readonly string VideoPath = $"/api/recordings/{Past}/recording.mp4";

    [Fact]
    public async Task Bad_uploads_are_refused_in_both_languages_and_change_nothing_then_the_recording_is_accepted_served_and_signed()
    {
        var work = Directory.CreateTempSubdirectory("session-recording-").FullName;
        try
        {
            await using var hall = await HallServerProcess.StartAsync();
            var recording = await TestRecording.MakeAsync(work);
            var broadcast = hall.BroadcastKey;
            var tablet = (await hall.IssueTerminalAsync("tablet", 3)).Key;
            // The demo's past sitting is closed and published on first start.
            var published = Path.Combine(hall.DataDir, "opendata", Past);
            await Eventually.True(() => File.Exists(Path.Combine(published, "sitting.zip.p7s")), "the past sitting's final publication", TimeSpan.FromSeconds(90));
            var folder = Path.Combine(hall.DataDir, "recordings", Past);

            // Who may upload: a broadcast terminal's key only.
            await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, null, recording.Descriptor(), Json), HttpStatusCode.Unauthorized, "terminal-key-required");
            var wrong = SecretLedger.Add("not-a-key-" + Guid.NewGuid().ToString("N"));
            await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, wrong, recording.Descriptor(), Json), HttpStatusCode.Unauthorized, "terminal-key-unknown");
            await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, tablet, recording.Descriptor(), Json), HttpStatusCode.Forbidden, "terminal-not-broadcast");
            // The open sitting: not yet.
            var open = Session.HallServer.Demo.DemoCouncil.CurrentSittingId;
            await Refused(await TestRecording.PutAsync(hall.Http, $"/api/recordings/{open}/recording.json", broadcast, recording.Descriptor(open), Json),
                HttpStatusCode.Conflict, "sitting-not-closed");
            // The MP4 before its descriptor.
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, recording.Bytes, Mp4), HttpStatusCode.Conflict, "recording-descriptor-missing");
            // Descriptors that do not hold.
            foreach (var (change, field) in new (Action<Dictionary<string, object?>>, string)[]
            {
                (d => d["sha256"] = "abc", "sha256"),
                (d => d["sittingId"] = "vyshneva-45-2", "sittingId"),
                (d => d["bytes"] = 0, "bytes"),
                (d => d["chapters"] = new[] { new { itemId = "x", title = "Пізно", startSeconds = 5.0, endSeconds = 60.0 } }, "chapters[0]"),
                (d => d["votes"] = new[] { new { voteId = "v", number = 1, itemId = "x", motion = "м", openedAt = DateTimeOffset.UnixEpoch, offsetSeconds = -1L } }, "votes[0]"),
            })
            {
                var body = await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, recording.Descriptor(change: change), Json),
                    HttpStatusCode.BadRequest, "recording-descriptor-invalid");
                Assert.Equal(field, body.GetProperty("field").GetString());
            }
            await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, "{\"sittingId\": "u8.ToArray(), Json), HttpStatusCode.BadRequest, "recording-descriptor-invalid");
            await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, new byte[1024 * 1024 + 1], Json), HttpStatusCode.RequestEntityTooLarge, "recording-descriptor-too-large");
            Assert.False(File.Exists(Path.Combine(folder, "recording.json")));

            // The descriptor: pending. A body without Content-Length (chunked) is refused before anything is read.
            Assert.Equal(HttpStatusCode.Created, (await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, recording.Descriptor(), Json)).StatusCode);
            using (var chunked = new HttpRequestMessage(HttpMethod.Put, VideoPath) { Content = new StreamContent(new NoLengthStream(recording.Bytes)) })
            {
                chunked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", broadcast);
                chunked.Headers.TransferEncodingChunked = true;
                await Refused(await hall.Http.SendAsync(chunked), HttpStatusCode.LengthRequired, "length-required");
            }

            // A body above Kestrel's default limit (30 MB) is read to its end, not cut off at 413: the limit is lifted to the
            // descriptor's length for this request. It does not hash right, so it is refused and not kept.
            var big = new byte[31 * 1024 * 1024];
            Random.Shared.NextBytes(big);
            Assert.Equal(HttpStatusCode.OK, (await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast,
                recording.Descriptor(change: d => { d["bytes"] = big.LongLength; d["sha256"] = new string('a', 64); }), Json)).StatusCode);
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, big, Mp4), HttpStatusCode.UnprocessableEntity, "recording-hash-mismatch");
            Assert.Equal([".recording.pending.json"], Names(folder));

            // The descriptor, then MP4s that do not match it: refused, nothing kept, nothing served.
            // Sent again, the pending descriptor is replaced: 200.
            var described = await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, recording.Descriptor(), Json);
            Assert.Equal(HttpStatusCode.OK, described.StatusCode);
            var flipped = recording.Bytes.ToArray();
            flipped[flipped.Length / 2] ^= 0xFF;
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, flipped, Mp4), HttpStatusCode.UnprocessableEntity, "recording-hash-mismatch");
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, [.. recording.Bytes, 0], Mp4), HttpStatusCode.UnprocessableEntity, "recording-length-mismatch");
            Assert.Equal([".recording.pending.json"], Names(folder));
            Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync($"/recordings/{Past}/recording.mp4")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync($"/recordings/{Past}/chapters.vtt")).StatusCode);

            // The right file: accepted.
            var accepted = await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, recording.Bytes, Mp4);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
            var reply = await accepted.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("accepted", reply.GetProperty("state").GetString());
            Assert.Equal(recording.Sha256, reply.GetProperty("sha256").GetString());
            Assert.Equal(["recording.json", "recording.mp4"], Names(folder));

            // Again the same (a retry): acknowledged. Another file, or another descriptor: refused, the first one still served.
            Assert.Equal(HttpStatusCode.OK, (await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, recording.Bytes, Mp4)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, recording.Descriptor(), Json)).StatusCode);
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, flipped, Mp4), HttpStatusCode.Conflict, "recording-exists");
            await Refused(await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, recording.Descriptor(change: d => d["sha256"] = new string('0', 64)), Json),
                HttpStatusCode.Conflict, "recording-exists");
            Assert.Equal(["recording.json", "recording.mp4"], Names(folder));

            // Served whole and by ranges, with its hash as the ETag.
            var whole = await hall.Http.GetAsync($"/recordings/{Past}/recording.mp4");
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("video/mp4", whole.Content.Headers.ContentType!.MediaType);
            Assert.Equal(recording.Bytes, await whole.Content.ReadAsByteArrayAsync());
            Assert.Equal($"\"{recording.Sha256}\"", whole.Headers.ETag!.Tag);
            Assert.Contains("bytes", whole.Headers.AcceptRanges);
            using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/recordings/{Past}/recording.mp4");
            ranged.Headers.Range = new RangeHeaderValue(1000, 1999);
            var part = await hall.Http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(recording.Bytes[1000..2000], await part.Content.ReadAsByteArrayAsync());
            Assert.Equal(recording.Bytes.Length, part.Content.Headers.ContentRange!.Length);

            // Chapters as WebVTT: one cue per chapter, times from the descriptor, no "-->" inside a title.
            var vtt = await hall.Http.GetAsync($"/recordings/{Past}/chapters.vtt");
            Assert.Equal("text/vtt", vtt.Content.Headers.ContentType!.MediaType);
            var cues = ParseVtt(await vtt.Content.ReadAsStringAsync());
            Assert.Equal([("00:00:00.000", "00:00:01.000", "Відкриття засідання"), ("00:00:01.000", "00:00:03.500", "Про порядок денний"),
                ("00:00:03.500", "00:00:06.000", "Про бюджет → 2027")], cues);
            var descriptor = await hall.Http.GetFromJsonAsync<JsonElement>($"/recordings/{Past}/recording.json");
            Assert.Equal(recording.Sha256, descriptor.GetProperty("sha256").GetString());

            // The final set published again: recording.json signed and in the zip, Popolo's per-vote links, and the folder verifies.
            await Eventually.True(() =>
            {
                try
                {
                    using var zip = ZipFile.OpenRead(Path.Combine(published, "sitting.zip"));
                    return zip.GetEntry("recording.json") is not null && File.Exists(Path.Combine(published, "recording.json.p7s"));
                }
                catch (IOException) { return false; }
            }, "sitting.zip with recording.json", TimeSpan.FromSeconds(60));
            // Read while no publication is under way (a reader may meet one mid-write; the next read is whole).
            VerifyReport? report = null;
            await Eventually.True(() => File.Exists(Path.Combine(published, "sitting.zip.p7s")) && (report = FolderVerifier.Verify(published)).Ok,
                "the republished set verifies", TimeSpan.FromSeconds(30));
            Assert.Contains(report!.Facts, n => n.Contains(recording.Sha256, StringComparison.Ordinal));
            Assert.Equal(recording.Sha256, JsonDocument.Parse(await hall.Http.GetByteArrayAsync($"/opendata/{Past}/recording.json")).RootElement.GetProperty("sha256").GetString());
            using var popolo = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(published, "popolo.json")));
            var links = popolo.RootElement.GetProperty("vote_events").EnumerateArray()
                .Where(e => e.TryGetProperty("sources", out _))
                .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("sources")[0].GetProperty("url").GetString()!);
            Assert.Equal(2, links.Count);
            Assert.EndsWith($"/recordings/{Past}/recording.mp4#t=2", links[$"{Past}-vote-demo-vote-1"]);
            Assert.EndsWith($"/recordings/{Past}/recording.mp4#t=4", links[$"{Past}-vote-demo-vote-2"]);
            Assert.DoesNotContain(Directory.GetFiles(published, "*", SearchOption.AllDirectories), f => f.EndsWith(".mp4", StringComparison.Ordinal));

            // A backup holds the recording's descriptor (what the signed set needs after a restore), not its video.
            var archive = Path.Combine(work, "backup.tar.gz");
            var backup = await HallTool.RunAsync("backup", "--data-dir", hall.DataDir, "--to", archive);
            Assert.True(backup.ExitCode == 0, backup.All);
            var entries = Session.HallServer.Tests.Backup.BackupArchives.Entries(archive).Select(e => e.Name).ToList();
            Assert.Contains($"recordings/{Past}/recording.json", entries);
            Assert.DoesNotContain(entries, e => e.EndsWith(".mp4", StringComparison.Ordinal));

            // A restore from a backup brings the descriptor back, not the video (docs/operations.md): nothing is served,
            // the record keeps its hash, and only the same video is taken again.
            File.Delete(Path.Combine(folder, "recording.mp4"));
            Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync($"/recordings/{Past}/recording.mp4")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync($"/recordings/{Past}/chapters.vtt")).StatusCode);
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, flipped, Mp4), HttpStatusCode.Conflict, "recording-exists");
            Assert.Equal(["recording.json"], Names(folder));
            Assert.Equal(HttpStatusCode.Created, (await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, recording.Bytes, Mp4)).StatusCode);
            Assert.Equal(recording.Bytes, await hall.Http.GetByteArrayAsync($"/recordings/{Past}/recording.mp4"));

            Assert.Empty(hall.LeakedSecrets());
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task On_a_full_disk_the_upload_is_refused_storage_failed_nothing_is_kept_and_it_is_accepted_once_space_returns()
    {
        var work = Directory.CreateTempSubdirectory("session-recording-disk-").FullName;
        try
        {
            await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Launcher = SmallDisk.Tmpfs(64) });
            var recording = await TestRecording.MakeAsync(work);
            await Eventually.True(() => File.Exists(hall.SeenPath($"opendata/{Past}/sitting.zip.p7s")), "the past sitting's final publication", TimeSpan.FromSeconds(90));
            var broadcast = hall.BroadcastKey;
            Assert.Equal(HttpStatusCode.Created, (await TestRecording.PutAsync(hall.Http, DescriptorPath, broadcast, recording.Descriptor(), Json)).StatusCode);

            var filler = SmallDisk.Fill(hall);
            await Refused(await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, recording.Bytes, Mp4), HttpStatusCode.InsufficientStorage, "storage-failed");
            // Nothing kept, nothing served; the pending descriptor (acknowledged 201) is still there.
            Assert.Equal([".recording.pending.json"], Names(hall.SeenPath($"recordings/{Past}")));
            Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync($"/recordings/{Past}/recording.mp4")).StatusCode);

            File.Delete(filler);
            Assert.Equal(HttpStatusCode.Created, (await TestRecording.PutAsync(hall.Http, VideoPath, broadcast, recording.Bytes, Mp4)).StatusCode);
            Assert.Equal(recording.Bytes, await hall.Http.GetByteArrayAsync($"/recordings/{Past}/recording.mp4"));
            await Eventually.True(() => File.Exists(hall.SeenPath($"opendata/{Past}/recording.json.p7s")), "recording.json published", TimeSpan.FromSeconds(60));
            Assert.Empty(hall.LeakedSecrets());
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A refusal in the repo's shape: its code, and a message in Ukrainian (detail) and English (detailEn).</summary>
    private static async Task<JsonElement> Refused(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(status == response.StatusCode, $"{code}: {response.StatusCode} {body}");
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Matches("[а-яієїґ]", body.GetProperty("detail").GetString()!);
        var en = body.GetProperty("detailEn").GetString()!;
        Assert.Matches("[a-z]{3}", en);
        Assert.DoesNotMatch("[а-яієїґА-ЯІЄЇҐ]", en);
        return body;
    }

    /// <summary>The files of a recording's folder: a temporary upload left behind would show here.</summary>
    private static string[] Names(string folder) => Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    private static List<(string, string, string)> ParseVtt(string text)
    {
        var blocks = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("WEBVTT", blocks[0]);
        return blocks.Skip(1).Select(b =>
        {
            var lines = b.Split('\n');
            var times = lines[1].Split(" --> ");
            Assert.Equal(3, lines.Length);
            return (times[0], times[1], lines[2]);
        }).ToList();
    }

    /// <summary>A body whose length the client does not know, so it is sent chunked, without Content-Length.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
