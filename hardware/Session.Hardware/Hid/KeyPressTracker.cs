namespace Session.Hardware.Hid;

/// <summary>
/// Finds the keys newly pressed in each report: a key counts when it appears, once; held keys (auto-repeat reports)
/// and releases count for nothing; a roll-over error report changes nothing.
/// </summary>
public sealed class KeyPressTracker
{
    private byte[] _held = [];

    public IReadOnlyList<byte> Pressed(BootReport report)
    {
        if (report.IsRollOverError) return [];
        var pressed = report.Keys.Where(k => !_held.Contains(k)).ToArray();
        _held = report.Keys;
        return pressed;
    }
}
