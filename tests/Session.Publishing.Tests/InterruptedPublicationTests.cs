using System.Diagnostics;
using System.Security.Cryptography.Pkcs;
using Session.Publishing.Files;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;

namespace Session.Publishing.Tests;

public sealed class InterruptedPublicationTests
{
    /// <summary>
    /// A publisher process is killed (SIGKILL) while it rewrites the sitting's files over and over, at different moments.
    /// Every file that is served (not a temp file) must be exactly one complete version, never a mix or a prefix;
    /// the next publication sweeps the temp files and leaves a folder that verifies.
    /// </summary>
    [Fact]
    public async Task A_killed_publication_never_leaves_a_half_written_file()
    {
        using var dir = new TempDir();
        var pfx = Path.Combine(dir.Path, "council.pfx");
        var outDir = Path.Combine(dir.Path, "opendata");
        var (cert, _) = CertificateSource.LoadOrCreateDemo(pfx, null, "Їжівська сільська рада");
        using var signer = new X509Signer(cert);
        var a = SampleSittings.Rich("s-crash", close: false, stopAfterVotes: 1);
        var b = SampleSittings.Rich("s-crash", close: false, stopAfterVotes: 2);
        var options = new PublishOptions { OutputDir = outDir, Signer = signer, BaseUrl = "https://rada.example.gov.ua" };
        var versions = new[] { a, b }
            .SelectMany(s => SittingPublisher.Build(Model.SittingRecord.From(s.Sitting, s.Journal), s.Journal, options))
            .ToLookup(p => p.Key, p => p.Value);

        var host = Processes.Beside("Session.Publishing.CrashHost.dll");
        var folder = Path.Combine(outDir, "s-crash");
        int[] delaysMs = [150, 400, 700, 1000, 1300, 1700];
        foreach (var delay in delaysMs)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(host);
            psi.ArgumentList.Add(outDir);
            psi.ArgumentList.Add(pfx);
            using var p = Process.Start(psi)!;
            try
            {
                var ready = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
                Assert.Equal("ready", ready);
                await Task.Delay(delay);
            }
            finally
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }

            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(folder, file).Replace('\\', '/');
                if (AtomicFile.IsTemporary(rel)) continue; // never served; swept by the next publication
                var bytes = File.ReadAllBytes(file);
                if (rel.EndsWith(".p7s", StringComparison.Ordinal))
                {
                    var cms = new SignedCms();
                    cms.Decode(bytes); // a torn signature file would not decode
                    Assert.Single(cms.SignerInfos);
                    continue;
                }
                Assert.True(versions.Contains(rel), $"unexpected file {rel}");
                Assert.True(versions[rel].Any(v => v.AsSpan().SequenceEqual(bytes)), $"{rel} (after a kill at {delay} ms) is not a complete version");
            }
        }

        // The next publication sweeps leftovers and the folder verifies.
        await SittingPublisher.PublishAsync(b.Sitting, b.Journal, options, CancellationToken.None);
        Assert.DoesNotContain(Directory.GetFiles(folder, "*", SearchOption.AllDirectories), f => AtomicFile.IsTemporary(f));
        var report = FolderVerifier.Verify(folder);
        Assert.True(report.Ok, report.ToString());
    }

    [Fact]
    public void Atomic_write_replaces_the_whole_file_and_leaves_no_temp()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a.csv");
        AtomicFile.Write(path, new byte[100_000]);
        AtomicFile.Write(path, "нове"u8);
        Assert.Equal("нове"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
