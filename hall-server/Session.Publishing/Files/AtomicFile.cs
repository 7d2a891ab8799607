namespace Session.Publishing.Files;

/// <summary>
/// Writes a file so that a reader sees the old bytes or the new ones, never a part: a temp file beside it, fsync,
/// rename over the target, fsync the folder. A crash leaves at most a <c>.tmp-*</c> file, which is never served
/// (see <see cref="IsTemporary"/>) and is swept by the next publication.
/// </summary>
public static class AtomicFile
{
    public const string TempMarker = ".tmp-";

    public static bool IsTemporary(string fileName) => Path.GetFileName(fileName).Contains(TempMarker, StringComparison.Ordinal);

    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, "." + Path.GetFileName(path) + TempMarker + Guid.NewGuid().ToString("N"));
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        SyncDirectory(dir);
    }

    public static Task WriteAsync(string path, byte[] bytes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Write(path, bytes);
        return Task.CompletedTask;
    }

    /// <summary>Removes temp files a crashed publication left behind.</summary>
    public static void SweepTemporaries(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            if (IsTemporary(f)) TryDelete(f);
    }

    public static void SyncDirectory(string dir)
    {
        // A rename is durable once the folder's entry is; on Linux a folder can be opened and fsynced.
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(handle);
        }
        catch (UnauthorizedAccessException) { }
        catch (IOException) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
