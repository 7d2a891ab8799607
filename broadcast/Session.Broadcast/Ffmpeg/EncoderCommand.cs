using System.Globalization;
using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Pipes;
using Session.Broadcast.Options;

namespace Session.Broadcast.Ffmpeg;

/// <summary>
/// The one encoder: capture → overlay → H.264/AAC, fanned out by FFmpeg's tee muxer to the segmented archive,
/// the live feed (MPEG-TS into a pipe this process relays to RTMP) and optionally HLS.
/// Built with FFMpegCore; the pieces FFMpegCore has no typed call for (the labelled multi-input filter graph,
/// x264's CBR HRD signalling, stats_period) go in as custom arguments here and only here.
/// </summary>
internal static class EncoderCommand
{
    public static FFMpegArgumentProcessor Build(BroadcastOptions o, IPipeSource? overlay, IPipeSource? interpreter, IPipeSink liveFeed, DateTimeOffset startedAt)
    {
        var (args, video, audio) = EncoderInputs.Add(o);
        string? overlayLabel = null, interpreterLabel = null;
        int inputs = InputCount(o);
        if (overlay is not null)
        {
            // A short queue keeps the overlay close to real time: FFmpeg pulls frames, so a deep queue is latency.
            args = args.AddPipeInput(overlay, i => i.WithCustomArgument("-thread_queue_size 2"));
            overlayLabel = $"[{inputs++}:v]";
        }
        if (interpreter is not null)
        {
            args = args.AddPipeInput(interpreter, i => i.WithCustomArgument("-thread_queue_size 2"));
            interpreterLabel = $"[{inputs}:v]";
        }
        var graph = OverlayGraph.Build(o, video, audio, overlayLabel, interpreterLabel);
        var inv = CultureInfo.InvariantCulture;
        int gop = o.Fps * 2; // DOMAIN.md: a keyframe every 2 s
        Directory.CreateDirectory(o.ArchiveDir);
        var archivePattern = Recording.ArchiveRun.Pattern(o.ArchiveDir, startedAt);

        return args.OutputToTee(tee =>
        {
            tee.OutputToFile(archivePattern, overwrite: false, t => t
                .ForceFormat("segment")
                .WithMuxerOption("segment_format", "mpegts")
                .WithMuxerOption("segment_time", o.SegmentSeconds.ToString(inv))
                .WithOnFail(TeeOnFail.Abort));
            tee.OutputToPipe(liveFeed, t => t.ForceFormat("mpegts").WithOnFail(TeeOnFail.Ignore));
            if (o.HlsDir is { } hls)
            {
                Directory.CreateDirectory(hls);
                tee.OutputToFile(Path.Combine(hls, "live.m3u8"), overwrite: true, t => t
                    .ForceFormat("hls")
                    .WithMuxerOption("hls_time", "2")
                    .WithMuxerOption("hls_list_size", "10")
                    .WithMuxerOption("hls_flags", "delete_segments")
                    .WithOnFail(TeeOnFail.Ignore));
            }
        }, out0 =>
        {
            out0.WithCustomArgument($"-filter_complex \"{graph}\"")
                .WithMap(OverlayGraph.VideoOut).WithMap(OverlayGraph.AudioOut)
                .WithVideoCodec("libx264")
                .WithSpeedPreset(o.Preset)
                .WithVideoProfile(VideoProfile.High)
                .WithPixelFormat("yuv420p")
                .WithVideoBitrate(o.VideoKbps)
                .WithCustomArgument($"-minrate {o.VideoKbps}k")
                .WithMaxBitrate(o.VideoKbps)
                .WithBufferSize(o.VideoKbps * 2)
                .WithGopSize(gop)
                .WithCustomArgument($"-keyint_min {gop} -sc_threshold 0 -x264-params nal-hrd=cbr:force-cfr=1")
                .WithAudioCodec("aac")
                .WithAudioBitrate(o.AudioKbps)
                .WithAudioSamplingRate(48000)
                .WithAudioChannels(2);
            if (o.Duration is { } d) out0.WithDuration(d);
        });
    }

    private static int InputCount(BroadcastOptions o) => o.Source switch
    {
        VideoSource.TestPattern or VideoSource.V4l2 or VideoSource.RawFrames => 2,
        _ => o.AudioDevice is null ? 1 : 2,
    };
}
