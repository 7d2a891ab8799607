namespace Session.Hardware.Hid;

/// <summary>
/// A HID boot-protocol keyboard report: modifier, reserved, six key usage codes (USB HID 1.11, appendix B.1).
/// </summary>
public readonly record struct BootReport(byte Modifiers, byte[] Keys)
{
    public const int Length = 8;
    /// <summary>Usage 0x01 in every slot: too many keys held, the report says nothing about which (HID Usage Tables, 0x07).</summary>
    public const byte ErrorRollOver = 0x01;

    public bool IsRollOverError => Keys.Any(k => k == ErrorRollOver);
    public bool Shift => (Modifiers & 0x22) != 0;

    public static BootReport Parse(ReadOnlySpan<byte> report)
    {
        if (report.Length != Length) throw new ArgumentException($"a boot keyboard report has {Length} bytes, got {report.Length}");
        return new BootReport(report[0], report[2..].ToArray().Where(k => k != 0).ToArray());
    }
}
