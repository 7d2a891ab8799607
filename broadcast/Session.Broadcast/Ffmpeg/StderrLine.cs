using System.Globalization;
using System.Text.RegularExpressions;

namespace Session.Broadcast.Ffmpeg;

/// <summary>The encoder's once-a-second progress line: <c>frame= 50 fps= 25 q=28.0 size= 1024kB time=00:00:02.00 bitrate=4200.1kbits/s dup=0 drop=0 speed=1.00x</c>.</summary>
public sealed record ProgressLine(long Frame, double Fps, double? BitrateKbps, long Dup, long Drop, double? Speed, TimeSpan? Time);

/// <summary>ebur128's ten-a-second line: momentary, short-term and integrated loudness in LUFS.</summary>
public sealed record LoudnessLine(double Momentary, double ShortTerm, double Integrated);

/// <summary>Reads FFmpeg's stderr lines we act on; everything else is relayed to the log, masked.</summary>
public static partial class StderrLine
{
    [GeneratedRegex(@"frame=\s*(?<frame>\d+)\s+fps=\s*(?<fps>[\d.]+).*?(time=\s*(?<time>-?[\d:.]+|N/A))?\s+bitrate=\s*(?<br>[\d.]+|N/A)(kbits/s)?(\s+dup=\s*(?<dup>\d+))?(\s+drop=\s*(?<drop>\d+))?\s+speed=\s*(?<speed>[\d.e+]+|N/A)x?")]
    private static partial Regex Progress();

    [GeneratedRegex(@"\bt:\s*[\d.]+\s+TARGET:\s*-?\d+\s+LUFS\s+M:\s*(?<m>-?[\d.]+)\s+S:\s*(?<s>-?[\d.]+)\s+I:\s*(?<i>-?[\d.]+)\s+LUFS")]
    private static partial Regex Loudness();

    public static ProgressLine? ParseProgress(string line)
    {
        var m = Progress().Match(line);
        if (!m.Success) return null;
        var inv = CultureInfo.InvariantCulture;
        double? Num(string g) => double.TryParse(m.Groups[g].Value, NumberStyles.Float, inv, out var v) ? v : null;
        TimeSpan? time = TimeSpan.TryParse(m.Groups["time"].Value, inv, out var t) ? t : null;
        return new ProgressLine(
            long.Parse(m.Groups["frame"].Value, inv), Num("fps") ?? 0, Num("br"),
            m.Groups["dup"].Success ? long.Parse(m.Groups["dup"].Value, inv) : 0,
            m.Groups["drop"].Success ? long.Parse(m.Groups["drop"].Value, inv) : 0,
            Num("speed"), time);
    }

    public static LoudnessLine? ParseLoudness(string line)
    {
        var m = Loudness().Match(line);
        if (!m.Success) return null;
        var inv = CultureInfo.InvariantCulture;
        return new LoudnessLine(double.Parse(m.Groups["m"].Value, inv), double.Parse(m.Groups["s"].Value, inv), double.Parse(m.Groups["i"].Value, inv));
    }
}
