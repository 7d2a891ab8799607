namespace Session.Broadcast.Options;

/// <summary>Where the picture (and usually the sound) comes from: the <c>--source</c> argument.</summary>
public abstract record VideoSource
{
    /// <summary>lavfi <c>testsrc2</c> with a 440 Hz tone: the demo and the tests.</summary>
    public sealed record TestPattern : VideoSource;

    /// <summary>A V4L2 camera, e.g. <c>/dev/video0</c>; sound from ALSA/PulseAudio when <c>--audio</c> names a device, else a silent track.</summary>
    public sealed record V4l2(string Device) : VideoSource;

    /// <summary>An RTSP IP camera with its own audio track.</summary>
    public sealed record Rtsp(string Url) : VideoSource
    {
        /// <summary>The password in <c>rtsp://user:pass@host/…</c>, if any: FFmpeg gets it on its command line (docs/broadcast.md).</summary>
        public string? Password() =>
            Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.UserInfo.Split(':', 2) is [_, { Length: > 0 } p] ? Uri.UnescapeDataString(p) : null;
    }

    /// <summary>A media file, looped, paced in real time.</summary>
    public sealed record File(string Path) : VideoSource;

    /// <summary>
    /// Raw frames written by this process (not on the command line): the benchmark's synthetic camera, whose picture it
    /// changes at a known instant to time the pass-through path. Sound is a 440 Hz tone, as for the test pattern.
    /// </summary>
    internal sealed record RawFrames(FFMpegCore.Pipes.IPipeSource Frames) : VideoSource;

    /// <summary>Parses <c>testsrc</c>, <c>v4l2:/dev/video0</c>, <c>rtsp://…</c>, <c>file:PATH</c>.</summary>
    public static VideoSource? Parse(string text, out string? error)
    {
        error = null;
        if (text == "testsrc") return new TestPattern();
        if (text.StartsWith("v4l2:", StringComparison.Ordinal) && text.Length > 5) return new V4l2(text[5..]);
        if ((text.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
            && Uri.TryCreate(text, UriKind.Absolute, out _)) return new Rtsp(text);
        if (text.StartsWith("file:", StringComparison.Ordinal) && text.Length > 5) return new File(text[5..]);
        error = $"--source '{text}' is not one of testsrc, v4l2:/dev/videoN, rtsp://host/path, file:PATH";
        return null;
    }
}
