using System.Globalization;
using FFMpegCore;
using Session.Broadcast.Options;

namespace Session.Broadcast.Ffmpeg;

/// <summary>
/// The capture side of the encoder command: one video input and one audio input per <see cref="VideoSource"/>.
/// Returns the filter-graph labels of the video and audio streams it added.
/// </summary>
internal static class EncoderInputs
{
    public static (FFMpegArguments Args, string Video, string Audio) Add(BroadcastOptions o)
    {
        var size = $"{o.Width}x{o.Height}";
        var fps = o.Fps.ToString(CultureInfo.InvariantCulture);
        // stats_period is global; FFmpeg accepts it before the first input.
        const string global = "-stats_period 1 ";
        switch (o.Source)
        {
            case VideoSource.TestPattern:
                {
                    var a = FFMpegArguments
                        .FromUrlInput($"testsrc2=size={size}:rate={fps}", i => i.WithCustomArgument(global + "-re").ForceFormat("lavfi"))
                        .AddUrlInput("sine=frequency=440:sample_rate=48000", i => i.WithCustomArgument("-re").ForceFormat("lavfi"));
                    return (a, "[0:v]", "[1:a]");
                }
            case VideoSource.RawFrames r:
                {
                    var a = FFMpegArguments
                        .FromPipeInput(r.Frames, i => i.WithCustomArgument(global + "-thread_queue_size 4"))
                        .AddUrlInput("sine=frequency=440:sample_rate=48000", i => i.WithCustomArgument("-re").ForceFormat("lavfi"));
                    return (a, "[0:v]", "[1:a]");
                }
            case VideoSource.V4l2 v:
                {
                    var a = FFMpegArguments.FromDeviceInput(v.Device, i => i
                        .WithCustomArgument(global + "-thread_queue_size 512").ForceFormat("v4l2")
                        .WithFrameRate(o.Fps).WithCustomArgument($"-video_size {size}"));
                    return (AddAudioDevice(a, o, silentFallback: true), "[0:v]", "[1:a]");
                }
            case VideoSource.Rtsp r:
                {
                    var a = FFMpegArguments.FromUrlInput(r.Url, i => i.WithCustomArgument(global + "-rtsp_transport tcp -thread_queue_size 512"));
                    return o.AudioDevice is null ? (a, "[0:v]", "[0:a]") : (AddAudioDevice(a, o, false), "[0:v]", "[1:a]");
                }
            case VideoSource.File f:
                {
                    var a = FFMpegArguments.FromFileInput(f.Path, verifyExists: false, i => i.WithCustomArgument(global + "-re -stream_loop -1"));
                    return o.AudioDevice is null ? (a, "[0:v]", "[0:a]") : (AddAudioDevice(a, o, false), "[0:v]", "[1:a]");
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(o), o.Source, "unknown source");
        }
    }

    private static FFMpegArguments AddAudioDevice(FFMpegArguments a, BroadcastOptions o, bool silentFallback)
    {
        if (o.AudioDevice is { } dev)
        {
            var (format, name) = dev.StartsWith("alsa:", StringComparison.Ordinal) ? ("alsa", dev[5..]) : ("pulse", dev[6..]);
            return a.AddDeviceInput(name, i => i.WithCustomArgument("-thread_queue_size 512").ForceFormat(format));
        }
        // A camera without a microphone still needs an audio track: YouTube expects one.
        return silentFallback ? a.AddUrlInput("anullsrc=r=48000:cl=stereo", i => i.ForceFormat("lavfi")) : a;
    }
}
