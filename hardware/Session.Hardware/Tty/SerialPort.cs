namespace Session.Hardware.Tty;

/// <summary>The one small adapter from a device path to a <see cref="Stream"/>: opens a tty raw 8N1 at a baud rate.</summary>
public static class SerialPort
{
    /// <summary>
    /// Opens <paramref name="path"/> (e.g. /dev/ttyUSB0 or a socat pty) unbuffered for reading and writing and configures it
    /// raw with termios. The caller owns the stream.
    /// </summary>
    public static FileStream Open(string path, int baud)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"serial port {path} does not exist", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        try
        {
            Termios.MakeRaw((int)stream.SafeFileHandle.DangerousGetHandle(), baud, path);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
