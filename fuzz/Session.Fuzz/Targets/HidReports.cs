using Session.Hardware.Hid;
using Session.Hardware.SeatBus;

namespace Session.Fuzz.Targets;

/// <summary>
/// A /dev/hidrawN byte stream: read as the keypad (HID usages to seat keys) and as a keyboard-wedge card reader.
/// A trailing partial report is the device going away; keys must be mapped ones, card UIDs 8, 14 or 20 hex digits.
/// </summary>
public sealed class HidReports : IFuzzTarget
{
    public string Name => "hid";

    public void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        int keys = 0;
        HidReportReader.ReadKeysAsync(new MemoryStream(bytes, writable: false), KeypadMap.Default, key =>
        {
            if (!Enum.IsDefined(key)) throw new FuzzInvariantException($"an unmapped seat key {key} came out");
            keys++;
            return Task.CompletedTask;
        }, CancellationToken.None).GetAwaiter().GetResult();
        if (keys > bytes.Length / BootReport.Length * 6) throw new FuzzInvariantException($"{keys} keys from {bytes.Length / BootReport.Length} reports");

        HidReportReader.ReadCardsAsync(new MemoryStream(bytes, writable: false), uid =>
        {
            if (uid.Length is not (8 or 14 or 20) || !uid.All(Uri.IsHexDigit)) throw new FuzzInvariantException($"a card UID '{uid}' came out");
            return Task.CompletedTask;
        }, CancellationToken.None).GetAwaiter().GetResult();
    }
}
