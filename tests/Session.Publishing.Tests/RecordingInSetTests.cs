using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Session.Publishing.Model;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;

namespace Session.Publishing.Tests;

/// <summary>
/// A closed sitting's accepted recording in its final set (issue 14 item 4): recording.json signed and in the zip, a
/// Popolo <c>sources</c> link per vote that the recording holds, still valid against the shared Popolo schemas, and
/// the verifier holding each link to the second recording.json gives.
/// </summary>
public sealed class RecordingInSetTests
{
    private const string Sha = "5f2b8c1e9d3a4b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e";

    private static byte[] Descriptor(string sittingId, long v1Offset) => Encoding.UTF8.GetBytes($$"""
        {"sittingId":"{{sittingId}}","file":"recording.mp4","sha256":"{{Sha}}","bytes":1234,"durationSeconds":5400.0,
         "startedAt":"2025-03-14T08:00:00+00:00","keepUntil":"2030-03-14T08:00:00+00:00",
         "chapters":[{"itemId":"i1","title":"Про бюджет","startSeconds":0,"endSeconds":5400}],
         "votes":[{"voteId":"v1","number":1,"itemId":"i1","motion":"Про бюджет","openedAt":"2025-03-14T08:10:00+00:00","offsetSeconds":{{v1Offset}}},
                  {"voteId":"v2","number":2,"itemId":"i2","motion":"Про ґанок","openedAt":"2025-03-14T10:00:00+00:00","offsetSeconds":null}],
         "runs":[]}
        """);

    [Fact]
    public async Task A_recording_is_signed_into_the_final_set_with_a_popolo_link_per_vote_and_a_changed_link_fails_verification()
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        var s = SampleSittings.Rich("s-rec");
        var descriptor = Descriptor("s-rec", 600);
        var options = new PublishOptions
        {
            OutputDir = dir.Path, Signer = signer, BaseUrl = "https://rada.example.gov.ua", Final = true,
            Recording = PublishedRecording.FromDescriptor(descriptor),
        };
        var r = await SittingPublisher.PublishAsync(s.Sitting, s.Journal, options, CancellationToken.None);
        Assert.Contains("recording.json", r.Files);
        Assert.Contains("recording.json.p7s", r.Files);
        Assert.Equal(descriptor, File.ReadAllBytes(Path.Combine(r.Folder, "recording.json")));
        using (var zip = ZipFile.OpenRead(Path.Combine(r.Folder, "sitting.zip"))) Assert.NotNull(zip.GetEntry("recording.json"));
        var report = FolderVerifier.Verify(r.Folder);
        Assert.True(report.Ok, report.ToString());

        var popolo = File.ReadAllBytes(Path.Combine(r.Folder, "popolo.json"));
        using (var doc = JsonDocument.Parse(popolo))
        {
            var events = doc.RootElement.GetProperty("vote_events").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
            Assert.Equal("https://rada.example.gov.ua/recordings/s-rec/recording.mp4#t=600", events["s-rec-vote-v1"].GetProperty("sources")[0].GetProperty("url").GetString());
            Assert.False(events["s-rec-vote-v2"].TryGetProperty("sources", out _)); // the recording holds nothing of its opening
            var v = new Draft03Validator(SharedSchemas.PopoloDir);
            var errors = events.Values.SelectMany((e, i) => v.Validate(e, v.Schema("vote_event.json"), $"vote_events[{i}]")).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
        // The annex-29 vote CSV keeps its schema's columns exactly: the link is not a column there (docs/publishing.md).
        Assert.DoesNotContain("recording", File.ReadAllText(Path.Combine(r.Folder, "ua-835", "voteEvents.csv")));

        // A set whose links disagree with its recording.json does not verify (re-signed, so only the check can tell).
        var other = Descriptor("s-rec", 601);
        File.WriteAllBytes(Path.Combine(r.Folder, "recording.json"), other);
        File.WriteAllBytes(Path.Combine(r.Folder, "recording.json.p7s"), await signer.SignDetachedAsync(new MemoryStream(other), SignaturePurpose.DetachedFile, CancellationToken.None));
        var tampered = FolderVerifier.Verify(r.Folder);
        Assert.Contains(tampered.Problems, p => p.File == "popolo.json" && p.Message.Contains("#t=601", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interim_set_of_an_open_sitting_never_carries_a_recording()
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        var s = SampleSittings.Rich("s-open", close: false);
        var r = await SittingPublisher.PublishAsync(s.Sitting, s.Journal, new PublishOptions
        {
            OutputDir = dir.Path, Signer = signer, BaseUrl = "https://rada.example.gov.ua",
            Recording = PublishedRecording.FromDescriptor(Descriptor("s-open", 600)),
        }, CancellationToken.None);
        Assert.DoesNotContain("recording.json", r.Files);
        Assert.DoesNotContain("#t=", File.ReadAllText(Path.Combine(r.Folder, "popolo.json")));
    }
}
