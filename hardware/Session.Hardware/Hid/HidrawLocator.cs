namespace Session.Hardware.Hid;

/// <summary>Finds the hidraw node of a keypad by its USB port path (e.g. "1-1.2"), so a seat keeps its keypad across re-plugging.</summary>
public static class HidrawLocator
{
    /// <summary>
    /// Looks through <paramref name="sysClassHidraw"/> (default /sys/class/hidraw): each entry's <c>device</c> link resolves to
    /// a path holding "/PORT:CONFIG.INTERFACE/". Returns /dev/hidrawN, or null when no device sits on that port.
    /// </summary>
    public static string? FindByUsbPort(string usbPort, string sysClassHidraw = "/sys/class/hidraw", string devRoot = "/dev")
    {
        if (!Directory.Exists(sysClassHidraw)) return null;
        foreach (var entry in Directory.EnumerateFileSystemEntries(sysClassHidraw).Order())
        {
            var device = Path.Combine(entry, "device");
            string resolved;
            try { resolved = new DirectoryInfo(device).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(device); }
            catch (IOException) { continue; }
            if (resolved.Split('/').Any(segment => segment.StartsWith(usbPort + ":", StringComparison.Ordinal)))
                return Path.Combine(devRoot, Path.GetFileName(entry));
        }
        return null;
    }
}
