using Session.Hardware.SeatBus;

namespace Session.Hardware.Hid;

/// <summary>
/// Reads 8-byte boot reports from a stream — a /dev/hidrawN file, or a FIFO or socket in tests — and turns them into seat keys
/// or card UIDs. Returns when the stream ends (device unplugged).
/// </summary>
public static class HidReportReader
{
    public static async Task ReadKeysAsync(Stream stream, KeypadMap map, Func<SeatKey, Task> onKey, CancellationToken ct)
    {
        var tracker = new KeyPressTracker();
        await foreach (var report in ReportsAsync(stream, ct))
            foreach (var usage in tracker.Pressed(report))
                if (map.Keys.TryGetValue(usage, out var key))
                    await onKey(key);
    }

    public static async Task ReadCardsAsync(Stream stream, Func<string, Task> onCard, CancellationToken ct)
    {
        var tracker = new KeyPressTracker();
        var decoder = new WedgeCardDecoder();
        await foreach (var report in ReportsAsync(stream, ct))
            foreach (var usage in tracker.Pressed(report))
                if (decoder.Key(usage) is { } uid)
                    await onCard(uid);
    }

    public static async IAsyncEnumerable<BootReport> ReportsAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[BootReport.Length];
        while (true)
        {
            try { await stream.ReadExactlyAsync(buffer, ct); }
            catch (EndOfStreamException) { yield break; }
            yield return BootReport.Parse(buffer);
        }
    }
}
