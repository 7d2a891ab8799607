using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Publishing.Files;
using Session.Publishing.Model;
using Session.Publishing.OpenData;
using Session.Publishing.Protocol;
using Session.Publishing.Signing;

namespace Session.Publishing;

/// <summary>What one publication wrote: the folder and its files (relative paths, '/'-separated), signatures included.</summary>
public sealed record PublicationResult(string Folder, IReadOnlyList<string> Files, bool Final);

/// <summary>
/// Publishes a sitting under <c>{OutputDir}/{sittingId}/</c>: the annex-29 sets, Popolo, the journal, each with a detached
/// <c>.p7s</c>; when <see cref="PublishOptions.Final"/>, also the signed protocol PDF and <c>sitting.zip</c>.
/// Called after every <c>VoteClosed</c>/<c>VoteCancelled</c> (roll call public the moment a vote closes) and once after
/// <c>SittingClosed</c> with <c>Final = true</c> — and again, final, when the sitting's recording is accepted (<c>recording.json</c>). Every file is replaced atomically; publications of one sitting run one at a time.
/// </summary>
public static partial class SittingPublisher
{
    public const string JournalFile = "journal.jsonl";
    public const string PopoloFile = "popolo.json";
    public const string ProtocolFile = "protocol.pdf";
    public const string ArchiveFile = "sitting.zip";
    public const string NormalizedDir = "ua-835";
    public const string LegacyDir = "ua-835-legacy";
    public const string MetadataFile = "csv-metadata.json";
    public const string RecordingFile = PublishedRecording.FileName;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeId();

    public static async Task<PublicationResult> PublishAsync(Sitting sitting, IReadOnlyList<JournalEntry> journal, PublishOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sitting);
        ArgumentNullException.ThrowIfNull(options);
        if (!SafeId().IsMatch(sitting.SittingId))
            throw new ArgumentException($"the sitting id '{sitting.SittingId}' cannot be a folder name (letters, digits, '.', '_', '-')", nameof(sitting));
        if (options.Final && !sitting.IsClosed)
            throw new InvalidOperationException("a final publication needs a closed sitting (SittingClosed journaled)");
        if (!options.Final && sitting.IsClosed)
            throw new InvalidOperationException("the sitting is closed: publish it with Final = true (an interim publication would leave sitting.zip stale)");
        PublicLinks.Check(options.BaseUrl);

        var record = SittingRecord.From(sitting, journal);
        var files = Build(record, journal, options);
        if (options.Final)
        {
            var zone = Zone(options.TimeZone);
            files[ProtocolFile] = await ProtocolDocument.RenderSignedAsync(record, options.Signer, zone, cancellationToken).ConfigureAwait(false);
        }

        var signed = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, bytes) in files)
        {
            signed[path] = bytes;
            signed[path + ".p7s"] = await options.Signer.SignDetachedAsync(new MemoryStream(bytes, writable: false), SignaturePurpose.DetachedFile, cancellationToken).ConfigureAwait(false);
        }
        if (options.Final)
        {
            var zip = Zip(signed, record.Opening.Date);
            signed[ArchiveFile] = zip;
            signed[ArchiveFile + ".p7s"] = await options.Signer.SignDetachedAsync(new MemoryStream(zip, writable: false), SignaturePurpose.DetachedFile, cancellationToken).ConfigureAwait(false);
        }

        var folder = Path.Combine(options.OutputDir, sitting.SittingId);
        var gate = Gates.GetOrAdd(Path.GetFullPath(folder), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, NormalizedDir));
            Directory.CreateDirectory(Path.Combine(folder, LegacyDir));
            Directory.CreateDirectory(Path.Combine(folder, DecisionFiles.Dir));
            AtomicFile.SweepTemporaries(folder);
            // Data files first, then each one's signature right after it; the zip last, so it never names a file not yet there.
            foreach (var (path, bytes) in signed.Where(p => !p.Key.StartsWith(ArchiveFile, StringComparison.Ordinal)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                AtomicFile.Write(Path.Combine(folder, path), bytes);
            }
            if (signed.TryGetValue(ArchiveFile, out var z))
            {
                AtomicFile.Write(Path.Combine(folder, ArchiveFile), z);
                AtomicFile.Write(Path.Combine(folder, ArchiveFile + ".p7s"), signed[ArchiveFile + ".p7s"]);
            }
        }
        finally
        {
            gate.Release();
        }
        return new PublicationResult(folder, signed.Keys.ToArray(), options.Final);
    }

    /// <summary>The unsigned open-data files of a sitting, by relative path (no I/O): the CSVs, metadata, Popolo and the journal.</summary>
    public static SortedDictionary<string, byte[]> Build(SittingRecord record, IReadOnlyList<JournalEntry> journal, PublishOptions options)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var ua = new Ua835Writer(record, options);
        var publisher = record.Roster.Body.Name;
        foreach (var (name, bytes) in ua.Normalized()) files[$"{NormalizedDir}/{name}"] = bytes;
        files[$"{NormalizedDir}/{MetadataFile}"] = CsvwMetadata.Build("Поіменні результати голосування депутатів (додаток 29, постанова КМУ № 835)",
            publisher, Ua835Tables.Normalized, CsvwMetadata.NormalizedKeys);
        foreach (var (name, bytes) in ua.Legacy()) files[$"{LegacyDir}/{name}"] = bytes;
        files[$"{LegacyDir}/{MetadataFile}"] = CsvwMetadata.Build("Поіменні результати голосування депутатів (дві таблиці)",
            publisher, Ua835Tables.Legacy, CsvwMetadata.LegacyKeys);
        foreach (var (path, bytes) in DecisionFiles.Build(record)) files[path] = bytes;
        // The recording is joined after the sitting closed: only a final set carries it.
        var recording = record.Closed ? options.Recording : null;
        files[PopoloFile] = PopoloWriter.Build(record, new PublicLinks(options.BaseUrl, record.SittingId), recording);
        if (recording is not null) files[RecordingFile] = recording.Descriptor;
        var journalText = new StringBuilder();
        foreach (var e in journal) journalText.Append(e.PublishedLine).Append('\n');
        files[JournalFile] = Encoding.UTF8.GetBytes(journalText.ToString());
        return files;
    }

    private static byte[] Zip(IDictionary<string, byte[]> files, DateOnly date)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8))
        {
            // A fixed entry time keeps the archive reproducible from the same files.
            var stamp = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            foreach (var (path, bytes) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                entry.LastWriteTime = stamp;
                using var s = entry.Open();
                s.Write(bytes);
            }
        }
        return ms.ToArray();
    }

    private static TimeZoneInfo Zone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
