using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;

namespace Session.Publishing.Tests;

public sealed class VerifyTests
{
    private static async Task<(TempDir Dir, string Folder, X509Signer Signer)> PublishRich()
    {
        var dir = new TempDir();
        var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест, O=Їжівська сільська рада", rsa: true));
        var s = SampleSittings.Rich();
        var r = await SittingPublisher.PublishAsync(s.Sitting, s.Journal, new PublishOptions { OutputDir = dir.Path, Signer = signer, Final = true, BaseUrl = "https://rada.example.gov.ua" }, CancellationToken.None);
        return (dir, r.Folder, signer);
    }

    [Fact]
    public async Task Verify_tool_exits_0_on_an_intact_folder_and_1_naming_the_file_after_a_change()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        var tool = Processes.Beside("verify.dll");
        var (ok, okOut) = Processes.Run("dotnet", tool, folder);
        Assert.True(ok == 0, okOut);
        Assert.Contains("all holds", okOut);

        var csv = Path.Combine(folder, "ua-835", "vote.csv");
        var text = File.ReadAllText(csv);
        int at = text.IndexOf(",Проти", StringComparison.Ordinal);
        File.WriteAllText(csv, text[..at] + ",За" + text[(at + ",Проти".Length)..]);
        var (bad, badOut) = Processes.Run("dotnet", tool, folder);
        Assert.Equal(1, bad);
        Assert.Contains("FAIL ua-835/vote.csv", badOut);

        var (usage, _) = Processes.Run("dotnet", tool);
        Assert.Equal(2, usage);
    }

    [Fact]
    public async Task A_one_byte_change_in_any_published_file_fails_verify_and_names_the_file()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        Assert.True(FolderVerifier.Verify(folder).Ok);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.True(files.Length >= 28, $"only {files.Length} files published");
        foreach (var file in files)
        {
            var rel = Path.GetRelativePath(folder, file);
            var original = File.ReadAllBytes(file);
            var changed = (byte[])original.Clone();
            changed[changed.Length / 2] ^= 0x01;
            File.WriteAllBytes(file, changed);
            var report = FolderVerifier.Verify(folder);
            File.WriteAllBytes(file, original);
            Assert.False(report.Ok, $"changing a byte of {rel} went unnoticed");
            Assert.Contains(report.Problems, p => p.ToString().Contains(rel, StringComparison.Ordinal));
        }
        Assert.True(FolderVerifier.Verify(folder).Ok);
    }

    [Fact]
    public async Task A_forgery_resigned_with_the_councils_own_key_is_caught_by_the_journal()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        // Change one deputy's vote and the counts to match, and re-sign both files: the signatures hold, the recount
        // inside the files holds, but the journal's fold disagrees.
        var votePath = Path.Combine(folder, "ua-835", "vote.csv");
        var eventsPath = Path.Combine(folder, "ua-835", "voteEvents.csv");
        var votes = File.ReadAllText(votePath);
        var line = votes.Split("\r\n").First(l => l.StartsWith("s-2025-03-14-vote-v1,", StringComparison.Ordinal) && l.EndsWith(",Проти", StringComparison.Ordinal));
        File.WriteAllText(votePath, votes.Replace(line, line[..^"Проти".Length] + "За"), new System.Text.UTF8Encoding(true));
        var events = File.ReadAllText(eventsPath);
        var row = events.Split("\r\n").First(l => l.StartsWith("s-2025-03-14-vote-v1,", StringComparison.Ordinal));
        var f = row.Split(',');
        f[7] = (int.Parse(f[7]) + 1).ToString();
        f[8] = (int.Parse(f[8]) - 1).ToString();
        File.WriteAllText(eventsPath, events.Replace(row, string.Join(',', f)), new System.Text.UTF8Encoding(true));
        foreach (var p in new[] { votePath, eventsPath })
            File.WriteAllBytes(p + ".p7s", signer.Sign(File.ReadAllBytes(p), SignaturePurpose.DetachedFile));

        var report = FolderVerifier.Verify(folder);
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.File == "ua-835/voteEvents.csv" && p.Message.Contains("journal"));
        Assert.Contains(report.Problems, p => p.File == "ua-835/vote.csv" && p.Message.Contains("journal"));
    }

    private static void Resign(X509Signer signer, string folder, string rel, Func<string, string> change)
    {
        var path = Path.Combine(folder, rel);
        File.WriteAllText(path, change(File.ReadAllText(path)), new System.Text.UTF8Encoding(true));
        File.WriteAllBytes(path + ".p7s", signer.Sign(File.ReadAllBytes(path), SignaturePurpose.DetachedFile));
    }

    private static string WithoutLinesStarting(string csv, string prefix) =>
        string.Join("\r\n", csv.Split("\r\n").Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));

    [Fact]
    public async Task A_secret_ballot_not_listed_in_secretBallots_fails_verify_even_when_re_signed()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        foreach (var d in new[] { "ua-835", "ua-835-legacy" })
            Resign(signer, folder, $"{d}/secretBallots.csv", t => WithoutLinesStarting(t, "s-2025-03-14-vote-v4,"));
        var report = FolderVerifier.Verify(folder);
        Assert.Contains(report.Problems, p => p.File == "ua-835/secretBallots.csv" && p.Message.Contains("secret ballot s-2025-03-14-vote-v4 is not listed"));
        Assert.Contains(report.Problems, p => p.File == "ua-835/vote.csv" && p.Message.Contains("s-2025-03-14-vote-v4: no per-deputy rows"));
        Assert.Contains(report.Problems, p => p.File == "ua-835-legacy/votings.csv" && p.Message.Contains("s-2025-03-14-vote-v4: no per-deputy rows"));
    }

    [Fact]
    public async Task A_named_vote_with_its_rows_removed_fails_verify_even_when_listed_as_secret()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        const string uid = "s-2025-03-14-vote-v1";
        Resign(signer, folder, "ua-835/vote.csv", t => WithoutLinesStarting(t, uid + ","));
        Resign(signer, folder, "ua-835/secretBallots.csv", t => t + $"{uid},25,Таємне голосування\r\n");
        var report = FolderVerifier.Verify(folder);
        Assert.Contains(report.Problems, p => p.File == "ua-835/secretBallots.csv" && p.Message.Contains("named vote"));
        Assert.Contains(report.Problems, p => p.File == "ua-835/vote.csv" && p.Message.Contains(uid) && p.Message.Contains("journal"));
        // Removing the rows alone is named as missing rows, not excused.
        var (dir2, folder2, signer2) = await PublishRich();
        using var ___ = dir2;
        using var ____ = signer2;
        Resign(signer2, folder2, "ua-835-legacy/votings.csv", t => WithoutLinesStarting(t, uid + ","));
        Assert.Contains(FolderVerifier.Verify(folder2).Problems, p => p.File == "ua-835-legacy/votings.csv" && p.Message.Contains($"{uid}: no per-deputy rows"));
    }

    [Fact]
    public async Task New_files_are_zipped_and_signed_and_verify_fails_when_one_changes_by_a_byte()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        string[] added = ["ua-835/secretBallots.csv", "ua-835-legacy/secretBallots.csv", "decisions/item-i1.html", "decisions/item-i3.html"];
        using (var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(folder, "sitting.zip")))
            foreach (var f in added)
            {
                Assert.Contains(zip.Entries, e => e.FullName == f);
                Assert.Contains(zip.Entries, e => e.FullName == f + ".p7s");
                Assert.True(File.Exists(Path.Combine(folder, f + ".p7s")), f + ".p7s");
            }
        var tool = Processes.Beside("verify.dll");
        var (ok, okOut) = Processes.Run("dotnet", tool, folder);
        Assert.True(ok == 0, okOut);
        foreach (var f in added)
        {
            var path = Path.Combine(folder, f);
            var original = File.ReadAllBytes(path);
            var changed = (byte[])original.Clone();
            changed[^3] ^= 0x01;
            File.WriteAllBytes(path, changed);
            var (bad, badOut) = Processes.Run("dotnet", tool, folder);
            File.WriteAllBytes(path, original);
            Assert.True(bad == 1, badOut);
            Assert.Contains($"FAIL {f}: does not match its signature", badOut);
        }
    }

    [Fact]
    public async Task Files_signed_by_another_certificate_are_reported()
    {
        var (dir, folder, signer) = await PublishRich();
        using var _ = dir;
        using var __ = signer;
        using var stranger = new X509Signer(CertificateSource.CreateSelfSigned("CN=Хтось інший", rsa: false));
        var popolo = Path.Combine(folder, "popolo.json");
        File.WriteAllBytes(popolo + ".p7s", stranger.Sign(File.ReadAllBytes(popolo), SignaturePurpose.DetachedFile));
        var report = FolderVerifier.Verify(folder);
        Assert.Contains(report.Problems, p => p.File == "popolo.json.p7s" && p.Message.Contains("another certificate"));
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stranger.Certificate.RawData));
        Assert.Contains(FolderVerifier.Verify(folder, expected).Problems, p => p.File == "(certificate)");
    }

    [Fact]
    public void Verify_of_a_missing_folder_or_an_empty_one_fails_clearly()
    {
        using var dir = new TempDir();
        Assert.Contains(FolderVerifier.Verify(Path.Combine(dir.Path, "nope")).Problems, p => p.Message == "no such folder");
        var report = FolderVerifier.Verify(dir.Path);
        Assert.Contains(report.Problems, p => p.File == "journal.jsonl" && p.Message == "missing");
        Assert.Contains(report.Problems, p => p.File == "popolo.json" && p.Message == "missing");
    }
}
