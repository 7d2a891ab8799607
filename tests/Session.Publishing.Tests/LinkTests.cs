using System.Text.Json;
using Session.Publishing.OpenData;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;

namespace Session.Publishing.Tests;

/// <summary>Links in the open data are absolute, under the council's base URL, and lead to published files.</summary>
public sealed class LinkTests(Published published) : IClassFixture<Published>
{
    private const string Folder = "https://rada.example.gov.ua/opendata/s-2025-03-14/";

    private List<string[]> Rows(string file) => CsvReader.Parse(File.ReadAllBytes(published.File(file)));

    private IEnumerable<(string Where, string Url)> CsvLinks()
    {
        foreach (var (file, column) in new[] { ("ua-835/voteEvents.csv", "textUrl"), ("ua-835-legacy/motions.csv", "textUrl"), ("ua-835/motions.csv", "sources") })
        {
            var rows = Rows(file);
            int c = Array.IndexOf(rows[0], column);
            foreach (var row in rows.Skip(1)) yield return ($"{file} {row[0]} {column}", row[c]);
        }
    }

    private static IEnumerable<(string Where, string Url)> JsonLinks(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "url") yield return (path, p.Value.GetString() ?? "");
                foreach (var x in JsonLinks(p.Value, path + "." + p.Name)) yield return x;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in e.EnumerateArray())
                foreach (var x in JsonLinks(item, $"{path}[{i++}]")) yield return x;
        }
    }

    [Fact]
    public void Every_link_is_an_absolute_url_under_the_base_url_that_leads_to_a_published_file()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        var links = CsvLinks().Concat(JsonLinks(doc.RootElement, "popolo.json")).ToList();
        Assert.Contains(links, l => l.Where.StartsWith("popolo.json.events", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Where.StartsWith("popolo.json.vote_events", StringComparison.Ordinal));
        foreach (var (where, url) in links)
        {
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out _), $"{where}: '{url}' is not absolute");
            Assert.True(url.StartsWith(Folder, StringComparison.Ordinal), $"{where}: '{url}' is not under {Folder}");
            var file = Uri.UnescapeDataString(url[Folder.Length..]);
            Assert.True(File.Exists(published.File(file)), $"{where}: '{url}' leads to {file}, which is not published");
        }
    }

    [Fact]
    public void The_text_column_names_the_decision_file_that_holds_the_draft_text_put_to_the_vote()
    {
        foreach (var file in new[] { "ua-835/voteEvents.csv", "ua-835-legacy/motions.csv" })
        {
            var rows = Rows(file);
            int text = Array.IndexOf(rows[0], "text"), url = Array.IndexOf(rows[0], "textUrl");
            var v1 = rows.Single(r => r[0] == "s-2025-03-14-vote-v1");
            Assert.Equal("decisions/item-i1.html", v1[text]);
            Assert.Equal(Folder + "decisions/item-i1.html", v1[url]);
            Assert.All(rows.Skip(1), r => Assert.NotEqual("protocol.pdf", r[text]));
        }
        var html = File.ReadAllText(published.File("decisions/item-i1.html"));
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.Contains("Контроль покласти на постійну комісію з питань бюджету.", html);
        Assert.Contains("12 345 678 грн &amp; видатки &lt;= доходів.", html); // escaped, never markup
        Assert.Contains("Про бюджет Їжівської громади на 2025 рік — в цілому", html); // the motion voted on
        // An item entered without a draft says so instead of leaving the reader guessing.
        Assert.Contains("не внесено", File.ReadAllText(published.File("decisions/item-i3.html")));
    }

    [Theory]
    [InlineData("rada.example.gov.ua")]
    [InlineData("/opendata")]
    [InlineData("ftp://rada.example.gov.ua")]
    [InlineData(" ")]
    public async Task A_base_url_that_is_not_an_absolute_http_url_is_refused_and_nothing_is_written(string baseUrl)
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        var s = SampleSittings.Rich("s-base", close: false, stopAfterVotes: 1);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SittingPublisher.PublishAsync(s.Sitting, s.Journal,
            new PublishOptions { OutputDir = dir.Path, Signer = signer, BaseUrl = baseUrl }, CancellationToken.None));
        Assert.Contains("BaseUrl", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Verify_fails_a_re_signed_text_pointing_elsewhere_and_a_re_signed_decision_file_changed()
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        var s = SampleSittings.Rich();
        var r = await SittingPublisher.PublishAsync(s.Sitting, s.Journal,
            new PublishOptions { OutputDir = dir.Path, Signer = signer, Final = true, BaseUrl = "https://rada.example.gov.ua/" }, CancellationToken.None);
        Assert.True(FolderVerifier.Verify(r.Folder).Ok, FolderVerifier.Verify(r.Folder).ToString());

        void Resign(string rel, Func<string, string> change)
        {
            var path = Path.Combine(r.Folder, rel);
            File.WriteAllText(path, change(File.ReadAllText(path)), new System.Text.UTF8Encoding(rel.EndsWith(".csv", StringComparison.Ordinal)));
            File.WriteAllBytes(path + ".p7s", signer.Sign(File.ReadAllBytes(path), SignaturePurpose.DetachedFile));
        }
        Resign("ua-835/voteEvents.csv", t => t.Replace(Folder + "decisions/item-i1.html,decisions/item-i1.html", Folder + "protocol.pdf,protocol.pdf", StringComparison.Ordinal));
        Resign("decisions/item-i2.html", t => t.Replace("Відремонтувати ґанок.", "Знести ґанок.", StringComparison.Ordinal));
        var report = FolderVerifier.Verify(r.Folder);
        Assert.Contains(report.Problems, p => p.File == "ua-835/voteEvents.csv" && p.Message.Contains("s-2025-03-14-vote-v1: text 'protocol.pdf'"));
        Assert.Contains(report.Problems, p => p.File == "decisions/item-i2.html" && p.Message.Contains("journal"));
    }
}
