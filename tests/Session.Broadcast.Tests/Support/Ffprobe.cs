using System.Globalization;
using System.Text.Json;

namespace Session.Broadcast.Tests.Support;

public sealed record ProbedStream(string CodecType, string CodecName, string? Profile, string? PixFmt, int Width, int Height, string? FrameRate, int SampleRate, int Channels);

public sealed record ProbedPacket(double Pts, bool Key);

public static class Ffprobe
{
    public static async Task<IReadOnlyList<ProbedStream>> StreamsAsync(string file)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync("ffprobe", ["-v", "error", "-show_streams", "-of", "json", file], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"ffprobe failed: {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedStream(
            s.GetProperty("codec_type").GetString()!, s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("profile", out var p) ? p.GetString() : null,
            s.TryGetProperty("pix_fmt", out var pf) ? pf.GetString() : null,
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            s.TryGetProperty("avg_frame_rate", out var fr) ? fr.GetString() : null,
            s.TryGetProperty("sample_rate", out var sr) ? int.Parse(sr.GetString()!, CultureInfo.InvariantCulture) : 0,
            s.TryGetProperty("channels", out var ch) ? ch.GetInt32() : 0)).ToList();
    }

    /// <summary>Video packets in file order with their presentation time and keyframe flag.</summary>
    public static async Task<IReadOnlyList<ProbedPacket>> VideoPacketsAsync(string file)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", file], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"ffprobe failed: {stderr}");
        var list = new List<ProbedPacket>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cols = line.Trim().Split(',');
            if (cols.Length < 2 || !double.TryParse(cols[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var pts)) continue;
            list.Add(new ProbedPacket(pts, cols[1].Contains('K')));
        }
        return list;
    }
}
