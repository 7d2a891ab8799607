using System.Runtime.InteropServices;

namespace Session.Hardware.Tty;

/// <summary>
/// Raw 8N1 at a baud rate on a tty file descriptor, through libc's termios (Linux, glibc).
/// Used instead of System.IO.Ports, whose Linux read loop adds about 2 ms per read (bench/results/hardware.md).
/// </summary>
internal static partial class Termios
{
    // Linux struct termios is 60 bytes on glibc; a larger buffer keeps us safe on other layouts.
    private const int StructSize = 256;
    private const int CflagOffset = 8;
    private const int CcOffset = 17;
    private const int VTIME = 5;
    private const int VMIN = 6;
    private const uint CSTOPB = 0x40, CREAD = 0x80, PARENB = 0x100, CLOCAL = 0x800, CRTSCTS = 0x80000000, CSIZE = 0x30, CS8 = 0x30;
    private const int TCSANOW = 0;
    private const int TCIOFLUSH = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, Span<byte> termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, ReadOnlySpan<byte> termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(Span<byte> termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int cfsetspeed(Span<byte> termios, uint speed);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcflush(int fd, int queueSelector);

    public static uint SpeedConstant(int baud) => baud switch
    {
        9600 => 0x0D,
        19200 => 0x0E,
        38400 => 0x0F,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => throw new ArgumentException($"baud {baud} has no termios speed constant"),
    };

    public static void MakeRaw(int fd, int baud, string path)
    {
        Span<byte> t = stackalloc byte[StructSize];
        Check(tcgetattr(fd, t), "tcgetattr", path);
        cfmakeraw(t);
        Check(cfsetspeed(t, SpeedConstant(baud)), "cfsetspeed", path);
        uint cflag = BitConverter.ToUInt32(t[CflagOffset..]);
        cflag = (cflag & ~(CSIZE | PARENB | CSTOPB | CRTSCTS)) | CS8 | CREAD | CLOCAL;
        BitConverter.TryWriteBytes(t[CflagOffset..], cflag);
        // Block until at least one byte; no inter-byte timer (the master keeps its own deadlines).
        t[CcOffset + VMIN] = 1;
        t[CcOffset + VTIME] = 0;
        Check(tcsetattr(fd, TCSANOW, t), "tcsetattr", path);
        tcflush(fd, TCIOFLUSH);
    }

    private static void Check(int rc, string call, string path)
    {
        if (rc != 0)
            throw new IOException($"{call} on {path} failed (errno {Marshal.GetLastPInvokeError()}): is it a serial port or pseudo-terminal?");
    }
}
