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
        var r = await SittingPublisher.PublishAsync(s.Sitting, s.Journal, new PublishOptions { OutputDir = dir.Path, Signer = signer, Final = true }, CancellationToken.None);
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
