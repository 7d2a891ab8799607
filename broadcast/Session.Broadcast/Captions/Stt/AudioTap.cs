using System.Diagnostics;
using Session.Broadcast.Options;

namespace Session.Broadcast.Captions.Stt;

/// <summary>
/// The stream's sound for speech-to-text: a second, audio-only FFmpeg reading the same source and writing 16 kHz mono
/// 16-bit PCM (what Whisper takes) to a pipe. A sound card opened by the encoder cannot be opened twice: with
/// <c>--audio alsa:…</c> use an ALSA <c>dsnoop</c> device or PulseAudio (docs/broadcast.md).
/// </summary>
public static class AudioTap
{
    public const int SampleRate = 16000;

    public static string[] Arguments(BroadcastOptions o)
    {
        List<string> a = ["-hide_banner", "-nostdin", "-loglevel", "error"];
        if (o.AudioDevice is { } dev)
        {
            var (format, name) = dev.StartsWith("alsa:", StringComparison.Ordinal) ? ("alsa", dev[5..]) : ("pulse", dev[6..]);
            a.AddRange(["-f", format, "-i", name]);
        }
        else
        {
            switch (o.Source)
            {
                case VideoSource.Rtsp r: a.AddRange(["-rtsp_transport", "tcp", "-i", r.Url]); break;
                case VideoSource.File f: a.AddRange(["-re", "-stream_loop", "-1", "-i", f.Path]); break;
                // The test pattern's and the synthetic camera's sound: the same tone the encoder mixes.
                default: a.AddRange(["-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]); break;
            }
        }
        a.AddRange(["-vn", "-ac", "1", "-ar", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "s16le", "pipe:1"]);
        return a.ToArray();
    }

    public static Process Start(BroadcastOptions o)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Arguments(o)) info.ArgumentList.Add(arg);
        var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start ffmpeg for the speech-to-text audio");
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }
}
