using System.IO.Compression;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Publishing.Model;
using Session.Publishing.Signing;

namespace Session.Publishing;

/// <summary>
/// Whether a closed sitting's folder already holds the final publication that <see cref="SittingPublisher.PublishAsync"/>
/// would write now, so that the catch-up after a restart need not render and sign it again (issue 12: a restart's first
/// answers waited for the signed protocol of every closed sitting).
/// </summary>
public static class FinalFolder
{
    /// <summary>
    /// True only when <c>sitting.zip</c> and its signature are there and valid, signed by the signer in use; every
    /// open-data file built now from the journal (journal.jsonl to its last event, the CSVs, Popolo, the recording) is on
    /// disk with these very bytes; and the zip holds exactly those files, the protocol and every signature, each as it is
    /// on disk. A folder that a crash left half re-published, an interim set, files of an older format, another base
    /// URL or another certificate: false, and the sitting is published again.
    /// </summary>
    public static bool IsCurrent(Sitting sitting, IReadOnlyList<JournalEntry> journal, PublishOptions options)
    {
        if (!sitting.IsClosed || !options.Final || options.Signer is not X509Signer signer) return false;
        var folder = Path.Combine(options.OutputDir, sitting.SittingId);
        var zipPath = Path.Combine(folder, SittingPublisher.ArchiveFile);
        try
        {
            if (!File.Exists(zipPath) || !File.Exists(zipPath + ".p7s")) return false;
            var zip = File.ReadAllBytes(zipPath);
            var seal = DetachedSignature.Check(zip, File.ReadAllBytes(zipPath + ".p7s"));
            if (!seal.Valid || seal.Signer is null || !seal.Signer.RawData.AsSpan().SequenceEqual(signer.Certificate.RawData)) return false;

            var built = SittingPublisher.Build(SittingRecord.From(sitting, journal), journal, options);
            var expected = built.Keys.Append(SittingPublisher.ProtocolFile).SelectMany(p => new[] { p, p + ".p7s" }).ToHashSet(StringComparer.Ordinal);
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count != expected.Count) return false;
            foreach (var entry in archive.Entries)
            {
                if (!expected.Contains(entry.FullName)) return false;
                using var content = new MemoryStream();
                using (var s = entry.Open()) s.CopyTo(content);
                var bytes = content.ToArray();
                if (built.TryGetValue(entry.FullName, out var now) && !now.AsSpan().SequenceEqual(bytes)) return false;
                var onDisk = Path.Combine(folder, entry.FullName);
                if (!File.Exists(onDisk) || !File.ReadAllBytes(onDisk).AsSpan().SequenceEqual(bytes)) return false;
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false; // unreadable or a broken archive: publish it again
        }
    }
}
