using System.Globalization;
using Session.Broadcast.Options;

namespace Session.Broadcast.Ffmpeg;

/// <summary>
/// The <c>-filter_complex</c> graph: scale/pad the camera to the output size at a constant rate, lay the RGBA overlay
/// over it, and normalise the loudness of the audio while measuring it (ebur128 logs M/S/I ten times a second).
/// </summary>
internal static class OverlayGraph
{
    public const string VideoOut = "[vout]";
    public const string AudioOut = "[aout]";

    /// <param name="overlayInput">the overlay's input label (e.g. <c>[2:v]</c>), or null for a pass-through pipeline.</param>
    /// <param name="interpreterInput">the interpreter window's input label, laid last so no graphic covers it; null: none.</param>
    public static string Build(BroadcastOptions o, string video, string audio, string? overlayInput, string? interpreterInput = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var w = o.Width; var h = o.Height;
        // Both inputs restart at 0 so the overlay lines up with any source clock (v4l2 and RTSP carry wall-clock stamps).
        var baseChain = $"{video}setpts=PTS-STARTPTS,scale={w}:{h}:force_original_aspect_ratio=decrease," +
                        $"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={o.Fps},format=yuv420p";
        var composed = interpreterInput is null ? VideoOut : "[graphics]";
        string videoPart = overlayInput is null
            ? $"{baseChain}{composed}"
            : $"{baseChain}[base];{overlayInput}setpts=PTS-STARTPTS[ovl];[base][ovl]overlay=eof_action=repeat:format=yuv420,format=yuv420p{composed}";
        if (interpreterInput is not null && o.Interpreter is not null)
        {
            // The window's frames carry their own alpha: opaque while it is shown, transparent while it is off.
            var r = Overlay.OverlayLayout.InterpreterPixels(o.InterpreterCorner, w, h);
            videoPart += $";{interpreterInput}setpts=PTS-STARTPTS[pip];{composed}[pip]overlay=x={r.Left}:y={r.Top}:eof_action=repeat:format=yuv420,format=yuv420p{VideoOut}";
        }
        var audioPart = $"{audio}asetpts=PTS-STARTPTS,aresample=48000," +
                        string.Format(inv, "loudnorm=I={0:0.0}:TP=-1.5:LRA=11,", o.LoudnessLufs) +
                        "aresample=48000,ebur128=framelog=info,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo" + AudioOut;
        return videoPart + ";" + audioPart;
    }
}
