using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Session.HallServer.Hosting;

/// <summary>
/// Keeps Kestrel's connections under the process's open-file limit. Past that limit accept() fails and the process
/// does not recover (seen in the 10,000-viewer bench: it aborted); with a cap, the extra viewer is refused and the
/// hall goes on. The cap leaves room for the journal, the registry, published files and Orleans.
/// </summary>
public static class ConnectionLimits
{
    private const long Reserve = 512;

    public static void Apply(KestrelServerOptions kestrel)
    {
        if (OpenFileLimit() is { } limit && limit > Reserve * 2)
        {
            kestrel.Limits.MaxConcurrentConnections = limit - Reserve;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limit - Reserve;
        }
    }

    /// <summary>The soft "Max open files" of this process (Linux), or null where it cannot be read.</summary>
    public static long? OpenFileLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, out var n) ? n : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
