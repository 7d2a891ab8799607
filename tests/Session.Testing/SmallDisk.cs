using System.Diagnostics;

namespace Session.Testing;

/// <summary>
/// A small real file system for the hall server's data dir, mounted in the server's own mount namespace
/// (<c>unshare --mount</c>, so nothing leaks onto the machine and it vanishes with the process): a size-limited tmpfs
/// to fill up, or an ext4 image on a loop device that a real ext4 error turns read-only. Needs root (CI and the
/// development container run as root); the tools are in scripts/setup.sh (util-linux, e2fsprogs).
/// </summary>
public static class SmallDisk
{
    /// <summary>A launcher mounting a tmpfs of <paramref name="megabytes"/> MB on the data dir.</summary>
    public static Func<string, string[]> Tmpfs(int megabytes) => dataDir =>
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            $"mount -t tmpfs -o size={megabytes}m,mode=0700 session-test \"$0\" && exec \"$@\"", dataDir];

    /// <summary>A launcher mounting a tmpfs on the data dir and a second, smaller one on its <c>opendata</c> folder, to fill the publication's disk alone.</summary>
    public static Func<string, string[]> TmpfsWithOpenData(int megabytes, int openDataMegabytes) => dataDir =>
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            $"mount -t tmpfs -o size={megabytes}m,mode=0700 session-test \"$0\" && mkdir \"$0/opendata\" && " +
            $"mount -t tmpfs -o size={openDataMegabytes}m session-test-opendata \"$0/opendata\" && exec \"$@\"", dataDir];

    /// <summary>
    /// Makes an empty ext4 image of <paramref name="megabytes"/> MB (no device needed yet), in memory (/dev/shm) where there
    /// is one: its fsyncs then cost what a tmpfs's do, and the server starts as fast as on the tmpfs of the full-disk tests.
    /// </summary>
    public static string MakeExt4Image(int megabytes)
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var image = Path.Combine(folder, $"session-ext4-{Guid.NewGuid():N}.img");
        using (var f = File.Create(image)) f.SetLength(megabytes * 1024L * 1024L);
        Run("mkfs.ext4", "-q", "-F", image);
        return image;
    }

    /// <summary>A launcher mounting the ext4 image on the data dir through a loop device; an ext4 error makes it read-only.</summary>
    public static Func<string, string[]> Ext4(string image) => dataDir =>
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            $"mount -o loop,errors=remount-ro \"{image}\" \"$0\" && exec \"$@\"", dataDir];

    /// <summary>Writes a filler file into the server's data dir until the file system is full; returns its path.</summary>
    public static string Fill(HallServerProcess hall, string folder = "")
    {
        var filler = hall.SeenPath(Path.Combine(folder, "filler.bin"));
        var chunk = new byte[256 * 1024];
        Random.Shared.NextBytes(chunk);
        try
        {
            using var fs = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            while (true) fs.Write(chunk);
        }
        catch (IOException) { /* ENOSPC: full */ }
        // Smaller pieces take the last partial blocks.
        try
        {
            using var fs = new FileStream(filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            while (true) fs.Write(chunk, 0, 512);
        }
        catch (IOException) { }
        return filler;
    }

    /// <summary>The loop device (e.g. loop3) behind the server's data dir, from the server's own mount table.</summary>
    public static string LoopDevice(HallServerProcess hall)
    {
        foreach (var line in File.ReadAllLines($"/proc/{hall.ProcessId}/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 10 || fields[4] != hall.DataDir) continue;
            var source = fields[Array.IndexOf(fields, "-") + 2];
            return Path.GetFileName(source);
        }
        throw new InvalidOperationException($"no mount on {hall.DataDir} in the server's namespace");
    }

    /// <summary>
    /// Raises a real ext4 error on the data dir's file system (the kernel's test hook in /sys/fs/ext4); mounted with
    /// errors=remount-ro, the kernel aborts its journal and turns it read-only at once, under the running server.
    /// </summary>
    public static void TurnReadOnly(HallServerProcess hall) =>
        File.WriteAllText($"/sys/fs/ext4/{LoopDevice(hall)}/trigger_fs_error", "1");

    public static bool IsReadOnly(HallServerProcess hall)
    {
        foreach (var line in File.ReadAllLines($"/proc/{hall.ProcessId}/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 10 || fields[4] != hall.DataDir) continue;
            var super = fields[Array.IndexOf(fields, "-") + 3].Split(',');
            return fields[5].Split(',').Contains("ro") || super.Contains("ro") || super.Contains("emergency_ro");
        }
        return false;
    }

    /// <summary>
    /// What an operator does after an ext4 error, without stopping the server (in the server's mount namespace, through
    /// nsenter), step one: detach the broken mount (<c>umount -l</c>). Until <see cref="CheckAndMount"/> the data dir is
    /// its bare mount point, as the test's own namespace sees it all along (<c>hall.DataDir</c>).
    /// </summary>
    public static void Unmount(HallServerProcess hall) =>
        Run("nsenter", "-t", hall.ProcessId.ToString(), "-m", "umount", "-l", hall.DataDir);

    /// <summary>Step two: check the file system (<c>e2fsck -fy</c>) and mount it again in the same place.</summary>
    public static void CheckAndMount(HallServerProcess hall, string image)
    {
        Run("nsenter", "-t", hall.ProcessId.ToString(), "-m", "sh", "-c",
            // A new loop device: `mount -o loop` would reuse the old one, whose file system the kernel keeps read-only.
            // Detached at once: the kernel frees it when the mount goes (with the server's namespace), as `mount -o loop` does.
            $"e2fsck -fy \"{image}\" >/dev/null 2>&1; dev=$(losetup -f --show \"{image}\") && " +
            $"mount -o errors=remount-ro \"$dev\" \"{hall.DataDir}\" && losetup -d \"$dev\"");
    }

    public static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
    }
}
