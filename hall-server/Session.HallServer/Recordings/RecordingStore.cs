using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Session.Publishing.Files;

namespace Session.HallServer.Recordings;

/// <summary>How an upload of the MP4 ended.</summary>
public enum ReceiveOutcome { Accepted, Mismatch, Incomplete }

/// <summary>
/// <c>DATA_DIR/recordings/{sittingId}/</c>: a pending descriptor (<c>.recording.pending.json</c>, hidden), and once the
/// MP4 matched it, <c>recording.mp4</c> and <c>recording.json</c> — the latter is the mark of an accepted recording,
/// written last, so a crash between the two renames leaves nothing accepted (a video without its mark is replaced by
/// the next upload). An upload goes to a hidden temporary file
/// (<see cref="AtomicFile.TempMarker"/>) that is renamed only after its SHA-256 and length matched.
/// </summary>
public sealed partial class RecordingStore(string dataDir)
{
    public const string Dir = "recordings";
    private const string PendingFile = ".recording.pending.json";
    private const int BufferBytes = 1 << 20;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTime Stamp, RecordingDescriptor Descriptor)> _accepted = new(StringComparer.Ordinal);

    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDir), Dir);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeId();

    /// <summary>A sitting id that can be a folder name (the publisher's own rule).</summary>
    public static bool IsSafe(string? sittingId) => sittingId is not null && SafeId().IsMatch(sittingId) && !sittingId.Contains("..", StringComparison.Ordinal);

    public string Folder(string sittingId) => Path.Combine(Root, sittingId);
    public string VideoPath(string sittingId) => Path.Combine(Folder(sittingId), RecordingDescriptor.VideoFile);
    public string DescriptorPath(string sittingId) => Path.Combine(Folder(sittingId), RecordingDescriptor.FileName);

    /// <summary>One upload per sitting at a time.</summary>
    public SemaphoreSlim Gate(string sittingId) => _gates.GetOrAdd(sittingId, _ => new SemaphoreSlim(1, 1));

    /// <summary>
    /// The accepted recording's descriptor, or null: none accepted. Once there it stays: the signed set carries it, and
    /// only the same video is taken again (after a restore, whose backup holds the descriptor but not the video).
    /// </summary>
    public RecordingDescriptor? Accepted(string sittingId)
    {
        if (!IsSafe(sittingId)) return null;
        var json = DescriptorPath(sittingId);
        var info = new FileInfo(json);
        if (!info.Exists) return null;
        if (_accepted.TryGetValue(sittingId, out var known) && known.Stamp == info.LastWriteTimeUtc) return known.Descriptor;
        var descriptor = RecordingDescriptor.Parse(File.ReadAllBytes(json), out _);
        if (descriptor is null) return null;
        _accepted[sittingId] = (info.LastWriteTimeUtc, descriptor);
        return descriptor;
    }

    /// <summary>The accepted recording when its video is here too: only then are the files served.</summary>
    public RecordingDescriptor? Servable(string sittingId) => Accepted(sittingId) is { } d && File.Exists(VideoPath(sittingId)) ? d : null;

    /// <summary>The accepted descriptor's bytes as published (<c>recording.json</c> in the signed set); null: none accepted.</summary>
    public byte[]? AcceptedBytes(string sittingId) => Accepted(sittingId) is null ? null : File.ReadAllBytes(DescriptorPath(sittingId));

    public RecordingDescriptor? Pending(string sittingId)
    {
        var path = Path.Combine(Folder(sittingId), PendingFile);
        return File.Exists(path) ? RecordingDescriptor.Parse(File.ReadAllBytes(path), out _) : null;
    }

    /// <summary>Keeps a checked descriptor until its MP4 arrives; true when it replaced an earlier pending one.</summary>
    public bool SavePending(string sittingId, RecordingDescriptor descriptor)
    {
        var folder = Folder(sittingId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, PendingFile);
        var replaced = File.Exists(path);
        AtomicFile.Write(path, descriptor.ToJson());
        return replaced;
    }

    /// <summary>
    /// Streams the body to a hidden temporary file while hashing it; renames it to <c>recording.mp4</c> and marks the
    /// recording accepted only when the length and SHA-256 are the descriptor's. Otherwise the temporary file is
    /// deleted and nothing on disk changed. Disk errors propagate (the caller answers <c>storage-failed</c>).
    /// </summary>
    public async Task<ReceiveOutcome> ReceiveAsync(string sittingId, RecordingDescriptor expected, Stream body, CancellationToken ct)
    {
        var folder = Folder(sittingId);
        Directory.CreateDirectory(folder);
        AtomicFile.SweepTemporaries(folder);
        var temp = Path.Combine(folder, "." + RecordingDescriptor.VideoFile + AtomicFile.TempMarker + Guid.NewGuid().ToString("N"));
        var kept = false;
        try
        {
            (long Bytes, string Sha256)? received;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, FileOptions.Asynchronous))
            {
                received = await CopyHashingAsync(body, file, expected.Bytes, ct);
                if (received is null) return ReceiveOutcome.Mismatch;
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            if (received.Value.Bytes != expected.Bytes || received.Value.Sha256 != expected.Sha256) return ReceiveOutcome.Mismatch;
            File.Move(temp, VideoPath(sittingId), overwrite: true);
            kept = true;
            // The mark last: until it is there, the recording is not served nor published.
            AtomicFile.Write(DescriptorPath(sittingId), expected.ToJson());
            File.Delete(Path.Combine(folder, PendingFile));
            AtomicFile.SyncDirectory(folder);
            return ReceiveOutcome.Accepted;
        }
        catch (Exception ex) when (ex is BadHttpRequestException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            return ReceiveOutcome.Incomplete;
        }
        finally
        {
            if (!kept) TryDelete(temp);
        }
    }

    /// <summary>The length and SHA-256 of a body, kept nowhere (a repeat of an accepted upload); null: longer than <paramref name="limit"/>.</summary>
    public static Task<(long Bytes, string Sha256)?> HashAsync(Stream body, long limit, CancellationToken ct) => CopyHashingAsync(body, Stream.Null, limit, ct);

    private static async Task<(long Bytes, string Sha256)?> CopyHashingAsync(Stream from, Stream to, long limit, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            long total = 0;
            int n;
            while ((n = await from.ReadAsync(buffer.AsMemory(0, BufferBytes), ct)) > 0)
            {
                total += n;
                if (total > limit) return null;
                sha.AppendData(buffer, 0, n);
                await to.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            return (total, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Free space where the recording would be written, or null when it cannot be told.</summary>
    public long? FreeBytes()
    {
        try
        {
            Directory.CreateDirectory(Root);
            return new DriveInfo(Root).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
