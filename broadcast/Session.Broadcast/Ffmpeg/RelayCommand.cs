using FFMpegCore;
using FFMpegCore.Pipes;

namespace Session.Broadcast.Ffmpeg;

/// <summary>
/// The RTMP leg: the live MPEG-TS feed copied, not re-encoded, into FLV to the ingest. A separate, cheap process so it
/// can die and reconnect with backoff while the encoder and its archive keep running (tee's onfail=ignore would drop
/// the leg for good, and restarting the encoder would cut the archive).
/// </summary>
internal static class RelayCommand
{
    // Joining the feed mid-stream, the audio's first packets can be seconds behind the video (loudnorm looks 3 s ahead):
    // probe long enough to see both, or FLV cannot be initialised for the audio stream.
    /// <param name="publishUrl">the <see cref="Outputs.IngestProxy"/>'s loopback URL (no key in it).</param>
    /// <param name="tcUrl">the real ingest's application URL, sent in RTMP's connect so the ingest sees its own name.</param>
    public static FFMpegArgumentProcessor Build(IPipeSource feed, string publishUrl, string tcUrl) =>
        FFMpegArguments
            .FromPipeInput(feed, i => i.WithCustomArgument("-stats_period 1 -fflags +genpts+discardcorrupt -analyzeduration 5000000 -probesize 10000000"))
            .OutputToUrl(publishUrl, o => o
                .WithCustomArgument($"-map 0:v:0 -map 0:a:0 -c copy -flvflags no_duration_filesize -rtmp_tcurl {tcUrl}")
                .ForceFormat("flv"));
}
