using System.Diagnostics;
using Session.Hardware.Hid;
using Session.Hardware.SeatBus;

namespace Session.Hardware.Tests;

/// <summary>HID boot reports through a real FIFO: the same code path as /dev/hidrawN (this kernel cannot make virtual HID devices).</summary>
public sealed class HidKeypadTests
{
    private static byte[] Report(params byte[] keys)
    {
        var r = new byte[8];
        keys.CopyTo(r, 2);
        return r;
    }

    private static byte[] ShiftReport(params byte[] keys)
    {
        var r = Report(keys);
        r[0] = 0x02;
        return r;
    }

    private static string MakeFifo()
    {
        var dir = Directory.CreateTempSubdirectory("hid-").FullName;
        var path = Path.Combine(dir, "hidraw");
        using var mk = Process.Start("mkfifo", path)!;
        mk.WaitForExit();
        Assert.Equal(0, mk.ExitCode);
        return path;
    }

    private static async Task<List<T>> ThroughFifo<T>(byte[][] reports, Func<Stream, Func<T, Task>, Task> read)
    {
        var fifo = MakeFifo();
        var got = new List<T>();
        var reader = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            await read(stream, x => { got.Add(x); return Task.CompletedTask; });
        });
        await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
            foreach (var r in reports)
            {
                // Odd write sizes: a FIFO may split or merge reports; the reader must still see 8-byte reports.
                await writer.WriteAsync(r.AsMemory(0, 3));
                await writer.WriteAsync(r.AsMemory(3));
            }
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Directory.Delete(Path.GetDirectoryName(fifo)!, true);
        return got;
    }

    [Fact]
    public async Task Keypad_keys_count_on_press_once_repeat_and_release_ignored()
    {
        byte[][] reports =
        [
            Report(KeypadMap.Keypad1),                      // press 1 → yes
            Report(KeypadMap.Keypad1),                      // held (repeat)
            Report(),                                       // released
            Report(KeypadMap.Keypad2),                      // no
            Report(KeypadMap.Keypad2, KeypadMap.Keypad3),   // 3 pressed while 2 held → abstain only
            Report(0x01, 0x01, 0x01, 0x01, 0x01, 0x01),     // roll-over error: says nothing
            Report(KeypadMap.Keypad3),                      // 2 released, 3 still held
            Report(),
            Report(0x04),                                   // 'a': not a seat key
            Report(KeypadMap.KeypadEnter),                  // microphone request
        ];
        var keys = await ThroughFifo<SeatKey>(reports, (s, on) => HidReportReader.ReadKeysAsync(s, KeypadMap.Default, on, CancellationToken.None));
        Assert.Equal([SeatKey.Yes, SeatKey.No, SeatKey.Abstain, SeatKey.FloorRequest], keys);
    }

    [Fact]
    public async Task Wedge_card_reader_types_a_uid_and_enter()
    {
        // "04A22B19" then Enter, each key pressed and released as a wedge reader does; shift does not matter.
        byte[] usages = [0x27, 0x21, 0x04, 0x1F, 0x1F, 0x05, 0x1E, 0x26];
        var reports = usages.SelectMany(u => new[] { u == 0x04 ? ShiftReport(u) : Report(u), Report() }).ToList();
        reports.Add(Report(KeypadMap.Enter));
        reports.Add(Report());
        // A short read (6 digits) is refused; the next full one counts.
        reports.AddRange([Report(0x1E), Report(), Report(0x1F), Report(), Report(KeypadMap.Enter), Report()]);
        var cards = await ThroughFifo<string>(reports.ToArray(), (s, on) => HidReportReader.ReadCardsAsync(s, on, CancellationToken.None));
        Assert.Equal(["04A22B19"], cards);
    }

    [Fact]
    public void Wedge_decoder_counts_what_it_drops()
    {
        var d = new WedgeCardDecoder();
        foreach (var u in new byte[] { 0x1E, 0x1F }) Assert.Null(d.Key(u));
        Assert.Null(d.Key(KeypadMap.Enter));
        Assert.Equal(1, d.Rejected);
        foreach (var u in Enumerable.Repeat((byte)0x1E, 14)) Assert.Null(d.Key(u));
        Assert.Equal("11111111111111", d.Key(KeypadMap.KeypadEnter));
    }

    [Fact]
    public void Boot_report_of_the_wrong_size_is_refused()
    {
        Assert.Contains("8 bytes", Assert.Throws<ArgumentException>(() => BootReport.Parse(new byte[7])).Message);
    }

    [Fact]
    public void Hidraw_node_is_found_by_the_usb_port_path()
    {
        var root = Directory.CreateTempSubdirectory("sys-").FullName;
        try
        {
            var devices = Path.Combine(root, "devices/pci0000:00/0000:00:14.0/usb1");
            var keypadA = Directory.CreateDirectory(Path.Combine(devices, "1-1/1-1.2/1-1.2:1.0/0003:05AC:0250.0001")).FullName;
            var keypadB = Directory.CreateDirectory(Path.Combine(devices, "1-1/1-1.3/1-1.3:1.0/0003:05AC:0250.0002")).FullName;
            var cls = Directory.CreateDirectory(Path.Combine(root, "class/hidraw")).FullName;
            foreach (var (name, target) in new[] { ("hidraw0", keypadB), ("hidraw1", keypadA) })
            {
                var entry = Directory.CreateDirectory(Path.Combine(cls, name)).FullName;
                Directory.CreateSymbolicLink(Path.Combine(entry, "device"), target);
            }
            Assert.Equal("/dev/hidraw1", HidrawLocator.FindByUsbPort("1-1.2", cls));
            Assert.Equal("/dev/hidraw0", HidrawLocator.FindByUsbPort("1-1.3", cls));
            Assert.Null(HidrawLocator.FindByUsbPort("1-1", cls));
            Assert.Null(HidrawLocator.FindByUsbPort("2-1", cls));
        }
        finally { Directory.Delete(root, true); }
    }
}
