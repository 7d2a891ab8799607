using System.Diagnostics;
using FFMpegCore;

namespace Session.Broadcast.Ffmpeg;

/// <summary>
/// What the installed FFmpeg can do, asked once at start (as jellyfin's EncodingHelper does) so a missing
/// encoder, filter, muxer or protocol is named plainly instead of failing mid-sitting.
/// </summary>
public sealed record FfmpegCapabilities(
    string Version, IReadOnlySet<string> Encoders, IReadOnlySet<string> Filters, IReadOnlySet<string> Muxers, IReadOnlySet<string> Protocols)
{
    /// <summary>What the pipeline needs, with what each is for.</summary>
    public static readonly IReadOnlyList<(string Kind, string Name, string Why)> Required =
    [
        ("encoder", "libx264", "H.264 video for YouTube"),
        ("encoder", "aac", "AAC-LC audio"),
        ("filter", "overlay", "the SkiaSharp overlay"),
        ("filter", "loudnorm", "loudness normalisation"),
        ("filter", "ebur128", "loudness reporting"),
        ("filter", "aresample", "48 kHz audio"),
        ("filter", "scale", "frame size"),
        ("filter", "fps", "constant frame rate"),
        ("muxer", "tee", "one encode to several outputs"),
        ("muxer", "segment", "the local archive"),
        ("muxer", "mpegts", "archive segments and the live feed"),
        ("muxer", "flv", "RTMP ingest"),
        ("protocol", "rtmp", "RTMP ingest"),
    ];

    /// <summary>Needed only by some options: reported, not fatal.</summary>
    public static readonly IReadOnlyList<(string Kind, string Name, string Why)> Optional =
    [
        ("muxer", "hls", "--hls on the hall LAN"),
        ("protocol", "rtmps", "RTMPS ingest (rtmps://)"),
        ("muxer", "v4l2", "not needed (demuxer)"),
    ];

    public IReadOnlyList<string> Missing(IEnumerable<(string Kind, string Name, string Why)> wanted) =>
        wanted.Where(w => !Has(w.Kind, w.Name)).Select(w => $"{w.Kind} '{w.Name}' ({w.Why})").ToList();

    public bool Has(string kind, string name) => kind switch
    {
        "encoder" => Encoders.Contains(name),
        "filter" => Filters.Contains(name),
        "muxer" => Muxers.Contains(name),
        "protocol" => Protocols.Contains(name),
        _ => false,
    };

    public static async Task<FfmpegCapabilities> ProbeAsync(CancellationToken ct)
    {
        var binary = GlobalFFOptions.GetFFMpegBinaryPath();
        var version = (await RunAsync(binary, "-version", ct)).Split('\n').FirstOrDefault()?.Trim() ?? "unknown";
        return new FfmpegCapabilities(
            version,
            ParseTable(await RunAsync(binary, "-hide_banner -encoders", ct), 1),
            ParseFilters(await RunAsync(binary, "-hide_banner -filters", ct)),
            ParseTable(await RunAsync(binary, "-hide_banner -muxers", ct), 1),
            ParseProtocols(await RunAsync(binary, "-hide_banner -protocols", ct)));
    }

    /// <summary>Rows look like " V....D libx264  description" or " E tee  description": the name is the second column.</summary>
    internal static HashSet<string> ParseTable(string text, int nameColumn)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool body = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("--", StringComparison.Ordinal)) { body = true; continue; }
            if (!body || line.Length == 0) continue;
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length > nameColumn)
                foreach (var n in cols[nameColumn].Split(',')) names.Add(n);
        }
        return names;
    }

    /// <summary>Rows look like " ..C overlay  VV->V  description" (no separator line before them).</summary>
    internal static HashSet<string> ParseFilters(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length >= 3 && cols[0].Length == 3 && cols[0].All(c => c is 'T' or 'S' or 'C' or '.') && cols[2].Contains("->", StringComparison.Ordinal))
                names.Add(cols[1]);
        }
        return names;
    }

    /// <summary>"Output:" section of <c>-protocols</c>, one name per line.</summary>
    internal static HashSet<string> ParseProtocols(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool output = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Output:", StringComparison.Ordinal)) { output = true; continue; }
            if (line.StartsWith("Input:", StringComparison.Ordinal)) { output = false; continue; }
            if (output && line.Length > 0) names.Add(line);
        }
        return names;
    }

    private static async Task<string> RunAsync(string binary, string arguments, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {binary}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        _ = p.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        await p.WaitForExitAsync(deadline.Token);
        return await stdout;
    }
}
