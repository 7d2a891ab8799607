using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;

namespace Session.Publishing.Tests;

/// <summary>
/// The restart's catch-up leaves a closed sitting's folder alone only when it is the very final set the journal gives
/// (issue 12); a folder a crash left half re-written, another address or another certificate is published again.
/// </summary>
public sealed class FinalFolderTests
{
    [Fact]
    public async Task Only_a_whole_final_set_of_the_same_journal_address_and_certificate_counts_as_current()
    {
        using var dir = new TempDir();
        using var signer = new X509Signer(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
        using var other = new X509Signer(CertificateSource.CreateSelfSigned("CN=Інший", rsa: false));
        var s = SampleSittings.Rich("s-final");
        var options = new PublishOptions { OutputDir = dir.Path, Signer = signer, Final = true, BaseUrl = "https://rada.example.gov.ua" };
        Assert.False(FinalFolder.IsCurrent(s.Sitting, s.Journal, options)); // nothing published yet
        var r = await SittingPublisher.PublishAsync(s.Sitting, s.Journal, options, CancellationToken.None);

        Assert.True(FinalFolder.IsCurrent(s.Sitting, s.Journal, options));
        Assert.False(FinalFolder.IsCurrent(s.Sitting, s.Journal, options with { BaseUrl = "https://inshe.example.gov.ua" }));
        Assert.False(FinalFolder.IsCurrent(s.Sitting, s.Journal, options with { Signer = other }));
        var open = SampleSittings.Rich("s-final", close: false);
        Assert.False(FinalFolder.IsCurrent(open.Sitting, open.Journal, options with { Final = false }));

        // A crash in a re-publication: one data file of the new set beside the old zip.
        var popolo = Path.Combine(r.Folder, SittingPublisher.PopoloFile);
        var kept = File.ReadAllBytes(popolo);
        File.WriteAllBytes(popolo, [.. kept, (byte)'\n']);
        Assert.False(FinalFolder.IsCurrent(s.Sitting, s.Journal, options));
        File.WriteAllBytes(popolo, kept);
        Assert.True(FinalFolder.IsCurrent(s.Sitting, s.Journal, options));

        // The zip written, its signature not yet.
        var seal = Path.Combine(r.Folder, SittingPublisher.ArchiveFile + ".p7s");
        File.Delete(seal);
        Assert.False(FinalFolder.IsCurrent(s.Sitting, s.Journal, options));
        // A journal on disk that is not the one the store holds (a line short).
        await SittingPublisher.PublishAsync(s.Sitting, s.Journal, options, CancellationToken.None);
        var journal = Path.Combine(r.Folder, SittingPublisher.JournalFile);
        var lines = File.ReadAllLines(journal);
        File.WriteAllLines(journal, lines[..^1]);
        Assert.False(FinalFolder.IsCurrent(s.Sitting, s.Journal, options));
    }
}
