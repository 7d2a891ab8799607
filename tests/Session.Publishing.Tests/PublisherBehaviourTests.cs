using System.Text.Json;
using Session.Publishing.OpenData;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;

namespace Session.Publishing.Tests;

public sealed class PublisherBehaviourTests(Published published) : IClassFixture<Published>
{
    private List<string[]> Rows(string file) => CsvReader.Parse(File.ReadAllBytes(published.File(file))).Skip(1).ToList();

    [Fact]
    public async Task A_vote_appears_the_moment_it_closes_without_a_protocol()
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        var options = new PublishOptions { OutputDir = dir.Path, Signer = signer, BaseUrl = "https://rada.example.gov.ua" };
        var one = SampleSittings.Rich("s-live", close: false, stopAfterVotes: 1);
        var r1 = await SittingPublisher.PublishAsync(one.Sitting, one.Journal, options, CancellationToken.None);
        var events = CsvReader.Parse(File.ReadAllBytes(Path.Combine(r1.Folder, "ua-835", "voteEvents.csv")));
        Assert.Equal(2, events.Count);
        Assert.Equal(27, CsvReader.Parse(File.ReadAllBytes(Path.Combine(r1.Folder, "ua-835", "vote.csv"))).Count - 1);
        Assert.False(File.Exists(Path.Combine(r1.Folder, "protocol.pdf")));
        Assert.True(FolderVerifier.Verify(r1.Folder).Ok);

        var two = SampleSittings.Rich("s-live", close: false, stopAfterVotes: 2);
        await SittingPublisher.PublishAsync(two.Sitting, two.Journal, options, CancellationToken.None);
        Assert.Equal(3, CsvReader.Parse(File.ReadAllBytes(Path.Combine(r1.Folder, "ua-835", "voteEvents.csv"))).Count);
        Assert.True(FolderVerifier.Verify(r1.Folder).Ok);
    }

    [Fact]
    public void A_cancelled_vote_and_its_revote_are_two_events_never_overwritten()
    {
        var events = Rows("ua-835/voteEvents.csv").ToDictionary(r => r[0]);
        Assert.Equal("Не голосували", events["s-2025-03-14-vote-v3"][6]);
        Assert.Equal("Прийнято", events["s-2025-03-14-vote-v3r"][6]);
        Assert.Equal("Не голосували", events["s-2025-03-14-vote-v5"][6]); // closed, then cancelled
        Assert.Equal(9, int.Parse(events["s-2025-03-14-vote-v3"][7])); // presses before the cancellation: seats 1-10 less dep-05 (conflict)
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        var popolo = doc.RootElement.GetProperty("vote_events").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal("cancelled", popolo["s-2025-03-14-vote-v3"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, popolo["s-2025-03-14-vote-v3"].GetProperty("result").ValueKind);
        Assert.Equal("s-2025-03-14-vote-v3", popolo["s-2025-03-14-vote-v3r"].GetProperty("revote_of").GetString());
    }

    [Fact]
    public void A_secret_ballot_publishes_totals_only()
    {
        const string uid = "s-2025-03-14-vote-v4";
        var ev = Rows("ua-835/voteEvents.csv").Single(r => r[0] == uid);
        Assert.True(int.Parse(ev[7]) > 0);
        Assert.DoesNotContain(Rows("ua-835/vote.csv"), r => r[0] == uid);
        Assert.DoesNotContain(Rows("ua-835-legacy/votings.csv"), r => r[0] == uid);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        var e = doc.RootElement.GetProperty("vote_events").EnumerateArray().Single(x => x.GetProperty("id").GetString() == uid);
        Assert.False(e.TryGetProperty("votes", out _));
        Assert.Equal(int.Parse(ev[7]) + int.Parse(ev[8]) + int.Parse(ev[9]), e.GetProperty("turnout").GetInt32());
    }

    [Fact]
    public void A_secret_ballot_is_listed_beside_the_counts_with_its_turnout_and_a_note()
    {
        const string uid = "s-2025-03-14-vote-v4";
        var ev = Rows("ua-835/voteEvents.csv").Single(r => r[0] == uid);
        int turnout = int.Parse(ev[7]) + int.Parse(ev[8]) + int.Parse(ev[9]);
        foreach (var file in new[] { "ua-835/secretBallots.csv", "ua-835-legacy/secretBallots.csv" })
        {
            var rows = CsvReader.Parse(File.ReadAllBytes(published.File(file)));
            Assert.Equal(["uid", "turnout", "note"], rows[0]);
            var row = Assert.Single(rows.Skip(1)); // v4 is the only secret ballot; named votes are not listed
            Assert.Equal(uid, row[0]);
            Assert.Equal(turnout.ToString(System.Globalization.CultureInfo.InvariantCulture), row[1]);
            Assert.Contains("Таємне голосування", row[2]);
            Assert.Contains("Secret ballot", row[2]);
        }
        Assert.Contains(Rows("ua-835-legacy/motions.csv"), r => r[0] == uid);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        var e = doc.RootElement.GetProperty("vote_events").EnumerateArray().Single(x => x.GetProperty("id").GetString() == uid);
        Assert.Contains("Secret ballot", e.GetProperty("note").GetString());
    }

    [Fact]
    public void A_conflict_is_not_voting_with_a_note_and_a_proxy_entry_is_marked()
    {
        var conflict = Rows("ua-835/vote.csv").Single(r => r[0] == "s-2025-03-14-vote-v2" && r[1] == "dep-05");
        Assert.Equal("Не голосував", conflict[2]);
        var notes = Rows("ua-835/voteNotes.csv");
        Assert.Contains(notes, n => n[0] == "s-2025-03-14-vote-v2" && n[1] == "dep-05" && n[2] == "conflict-of-interest" && n[3].Contains("59-1"));
        Assert.Contains(notes, n => n[0] == "s-2025-03-14-vote-v1" && n[1] == "dep-04" && n[2] == "proxy" && n[3].Contains("Термінал місця 4"));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        var v2 = doc.RootElement.GetProperty("vote_events").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "s-2025-03-14-vote-v2");
        var vote = v2.GetProperty("votes").EnumerateArray().Single(x => x.GetProperty("voter_id").GetString() == "dep-05");
        Assert.Equal("not voting", vote.GetProperty("option").GetString());
        Assert.Contains("конфлікт інтересів", vote.GetProperty("note").GetString());
    }

    [Fact]
    public void Journal_is_published_line_for_line_and_the_zip_holds_every_file()
    {
        var lines = File.ReadAllLines(published.File("journal.jsonl"));
        Assert.StartsWith("{\"seq\":1,", lines[0]);
        Assert.EndsWith("\"}", lines[^1]);
        using var zip = System.IO.Compression.ZipFile.OpenRead(published.File("sitting.zip"));
        Assert.Contains(zip.Entries, e => e.FullName == "protocol.pdf");
        Assert.Contains(zip.Entries, e => e.FullName == "ua-835/vote.csv.p7s");
        Assert.Equal(published.Result.Files.Count - 2, zip.Entries.Count);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_clear_error_and_write_nothing()
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        var open = SampleSittings.Rich("s-open", close: false, stopAfterVotes: 1);
        var final = new PublishOptions { OutputDir = dir.Path, Signer = signer, Final = true, BaseUrl = "https://rada.example.gov.ua" };
        var e1 = await Assert.ThrowsAsync<InvalidOperationException>(() => SittingPublisher.PublishAsync(open.Sitting, open.Journal, final, CancellationToken.None));
        Assert.Contains("closed sitting", e1.Message);
        var closed = SampleSittings.Rich("s-closed");
        var e2 = await Assert.ThrowsAsync<InvalidOperationException>(() => SittingPublisher.PublishAsync(closed.Sitting, closed.Journal, final with { Final = false }, CancellationToken.None));
        Assert.Contains("Final = true", e2.Message);
        var e3 = await Assert.ThrowsAsync<ArgumentException>(() => SittingPublisher.PublishAsync(open.Sitting, open.Journal.Take(5).ToList(), final with { Final = false }, CancellationToken.None));
        Assert.Contains("journal", e3.Message);
        var evil = SampleSittings.Rich("../evil", close: false, stopAfterVotes: 1);
        await Assert.ThrowsAsync<ArgumentException>(() => SittingPublisher.PublishAsync(evil.Sitting, evil.Journal, final with { Final = false }, CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}

public sealed class CertificateTests
{
    [Fact]
    public void Demo_certificate_is_made_once_and_then_loaded()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "keys", "council.pfx");
        var (first, created) = CertificateSource.LoadOrCreateDemo(path, "секрет", "Їжівська сільська рада");
        var (second, createdAgain) = CertificateSource.LoadOrCreateDemo(path, "секрет", "Їжівська сільська рада");
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Contains("Демонстраційний", second.Subject);
    }

    [Fact]
    public void A_missing_or_unreadable_pfx_is_a_clear_error()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "council.pfx");
        Assert.Throws<FileNotFoundException>(() => CertificateSource.FromPfx(path, null));
        CertificateSource.LoadOrCreateDemo(path, "right", "Рада");
        var e = Assert.Throws<InvalidOperationException>(() => CertificateSource.FromPfx(path, "wrong"));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_detached_signature_verifies_only_over_its_own_content()
    {
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: true));
        var content = "uid,voterUid,result\r\n"u8.ToArray();
        var sig = signer.Sign(content, SignaturePurpose.DetachedFile);
        Assert.True(DetachedSignature.Check(content, sig).Valid);
        content[0] ^= 1;
        Assert.False(DetachedSignature.Check(content, sig).Valid);
    }
}
