using FFMpegCore.Pipes;

namespace Session.Broadcast.Interpreter;

/// <summary>
/// The interpreter window's input to the encoder: raw yuva420p frames of the window's size, the latest decoded picture
/// with full alpha while the window is on and a transparent frame while it is off, repeated at the frame rate as FFmpeg
/// pulls them (like the overlay). Switching is a flag: the encoder, and with it the archive, never restarts.
/// </summary>
public sealed class InterpreterWindow(int width, int height, int fps, bool on) : IPipeSource
{
    private readonly byte[] transparent = Transparent(width, height);
    private volatile byte[]? picture;
    private volatile bool shown = on;

    public int Width => width;
    public int Height => height;
    public bool On { get => shown; set => shown = value; }
    /// <summary>Whether a picture has arrived from the interpreter's source at all.</summary>
    public bool HasPicture => picture is not null;
    public long FramesIn { get; private set; }

    public string GetStreamArguments() => $"-f rawvideo -pix_fmt yuva420p -s {width}x{height} -framerate {fps}";

    /// <summary>A decoded yuv420p frame of the window's size: kept with an opaque alpha plane.</summary>
    public void Offer(ReadOnlySpan<byte> yuv420p)
    {
        int luma = width * height;
        var frame = new byte[luma * 5 / 2];
        yuv420p[..(luma * 3 / 2)].CopyTo(frame);
        frame.AsSpan(luma * 3 / 2).Fill(255);
        picture = frame;
        FramesIn++;
    }

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
                await outputStream.WriteAsync(shown && picture is { } p ? p : transparent, cancellationToken);
        }
        catch (IOException) { /* FFmpeg closed the pipe: it is stopping */ }
        catch (OperationCanceledException) { }
    }

    private static byte[] Transparent(int width, int height)
    {
        int luma = width * height;
        var f = new byte[luma * 5 / 2];
        f.AsSpan(0, luma).Fill(16);
        f.AsSpan(luma, luma / 2).Fill(128);
        return f; // alpha plane stays 0
    }
}
