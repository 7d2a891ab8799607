using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Publishing.Files;
using Session.Publishing.Model;
using Session.Publishing.Signing;
using static Session.Publishing.SittingPublisher;

namespace Session.Publishing.Verification;

/// <summary>
/// Checks a downloaded <c>/opendata/{sittingId}/</c> folder on its own: the journal's hash chain, every detached
/// signature and the protocol's, one signing certificate throughout, and every published count and result against
/// the roll call and against the journal's own fold.
/// </summary>
public static class FolderVerifier
{
    public static VerifyReport Verify(string folder, string? expectedCertificateSha256 = null)
    {
        var report = new VerifyReport();
        if (!Directory.Exists(folder)) { report.Fail(folder, "no such folder"); return report; }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !AtomicFile.IsTemporary(f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        var bytes = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(folder, f)));

        var (sitting, journal) = CheckJournal(bytes, report);
        CheckRequired(bytes, sitting, report);
        CheckSignatures(bytes, report, expectedCertificateSha256);
        if (sitting is not null && journal is not null)
        {
            var expected = SittingRecord.From(sitting, journal);
            TallyCheck.Run(bytes, expected, report);
            LinkCheck.Run(bytes, expected, report);
            RecordingCheck.Run(bytes, expected, report);
        }
        CheckZip(bytes, report);
        return report;
    }

    private static (Sitting?, List<JournalEntry>?) CheckJournal(Dictionary<string, byte[]> files, VerifyReport report)
    {
        if (!files.TryGetValue(JournalFile, out var raw)) { report.Fail(JournalFile, "missing"); return (null, null); }
        var lines = Encoding.UTF8.GetString(raw).Split('\n');
        if (lines[^1].Length != 0) { report.Fail(JournalFile, "the last line is not terminated (truncated file?)"); }
        var entries = new List<JournalEntry>();
        Sitting? sitting = null;
        string? prev = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) { if (i != lines.Length - 1) report.Fail(JournalFile, $"line {i + 1} is empty"); continue; }
            try
            {
                var (canonical, hash) = HashChain.SplitPublished(line);
                if (prev is null)
                {
                    using var doc = JsonDocument.Parse(canonical);
                    var id = doc.RootElement.GetProperty("data").GetProperty("sittingId").GetString()
                        ?? throw new FormatException("the first event has no sittingId");
                    prev = HashChain.Genesis(id);
                    sitting = Sitting.Empty(id);
                }
                var entry = HashChain.Read(canonical, hash, prev, entries.Count + 1);
                sitting!.Apply(entry);
                entries.Add(entry);
                prev = hash;
            }
            catch (Exception ex) when (ex is FormatException or JournalCorruptException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                report.Fail(JournalFile, $"line {i + 1}: {ex.Message}");
                return (null, null);
            }
        }
        if (entries.Count == 0 || sitting?.Opening is null) { report.Fail(JournalFile, "no SittingOpened event"); return (null, null); }
        report.Note($"journal: {entries.Count} events, chain intact, final hash {prev}");
        return (sitting, entries);
    }

    private static void CheckRequired(Dictionary<string, byte[]> files, Sitting? sitting, VerifyReport report)
    {
        var required = new List<string> { PopoloFile, $"{NormalizedDir}/{MetadataFile}", $"{LegacyDir}/{MetadataFile}" };
        required.AddRange(OpenData.Ua835Tables.Normalized.Select(t => $"{NormalizedDir}/{t.Url}"));
        required.AddRange(OpenData.Ua835Tables.Legacy.Select(t => $"{LegacyDir}/{t.Url}"));
        if (sitting?.IsClosed == true) { required.Add(ProtocolFile); required.Add(ArchiveFile); }
        foreach (var f in required)
            if (!files.ContainsKey(f)) report.Fail(f, "missing");
    }

    private static void CheckSignatures(Dictionary<string, byte[]> files, VerifyReport report, string? expectedCertificateSha256)
    {
        string? thumb = null;
        foreach (var (name, content) in files)
        {
            if (name.EndsWith(".p7s", StringComparison.Ordinal))
            {
                if (!files.ContainsKey(name[..^4])) report.Fail(name, $"a signature of {name[..^4]}, which is not in the folder");
                continue;
            }
            if (!files.TryGetValue(name + ".p7s", out var sig)) { report.Fail(name, $"no detached signature {name}.p7s"); continue; }
            var r = DetachedSignature.Check(content, sig);
            if (!r.Valid) { report.Fail(name, $"does not match its signature {name}.p7s ({r.Problem})"); continue; }
            SameSigner(name + ".p7s", r, ref thumb, report);
            if (name == ProtocolFile)
            {
                var p = PdfSignatureCheck.Check(content);
                if (!p.Valid) report.Fail(name, $"the PDF's own signature does not hold: {p.Problem}");
                else SameSigner(name, p, ref thumb, report);
            }
        }
        if (thumb is not null)
        {
            report.Note($"all signatures by one certificate, SHA-256 {thumb}");
            if (expectedCertificateSha256 is not null && !string.Equals(thumb, expectedCertificateSha256.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                report.Fail("(certificate)", $"signed by certificate {thumb}, not the expected {expectedCertificateSha256}");
        }
    }

    private static void SameSigner(string file, DetachedSignature.Result r, ref string? thumb, VerifyReport report)
    {
        var t = Convert.ToHexStringLower(SHA256.HashData(r.Signer!.RawData));
        if (thumb is null)
        {
            thumb = t;
            report.Note($"signer: {r.Signer.Subject}");
        }
        else if (thumb != t) report.Fail(file, $"signed by another certificate ({r.Signer.Subject}, {t})");
    }

    private static void CheckZip(Dictionary<string, byte[]> files, VerifyReport report)
    {
        if (!files.TryGetValue(ArchiveFile, out var zipBytes)) return;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                names.Add(entry.FullName);
                using var s = entry.Open();
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                if (!files.TryGetValue(entry.FullName, out var onDisk)) report.Fail(ArchiveFile, $"entry {entry.FullName} is not in the folder");
                else if (!ms.ToArray().AsSpan().SequenceEqual(onDisk)) report.Fail(entry.FullName, $"differs from its copy in {ArchiveFile}");
            }
            foreach (var f in files.Keys.Where(f => !f.StartsWith(ArchiveFile, StringComparison.Ordinal) && !names.Contains(f)))
                report.Fail(f, $"not in {ArchiveFile}");
        }
        catch (InvalidDataException ex) { report.Fail(ArchiveFile, "unreadable: " + ex.Message); }
    }
}
