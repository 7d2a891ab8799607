using System.Globalization;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.Options;

/// <summary>A rejected command line: the option at fault and a message that says how to fix it.</summary>
public sealed record CommandLineError(string Option, string Message)
{
    public override string ToString() => $"{Option}: {Message}";
}

/// <summary>
/// Parses the command line of ARCHITECTURE.md "Command lines". Every bad input becomes a <see cref="CommandLineError"/>;
/// all of them are reported at once, nothing is half-applied.
/// </summary>
public static class CommandLine
{
    public const string StreamKeyVariable = "SESSION_STREAM_KEY";
    public const string HallKeyVariable = "SESSION_HALL_KEY";
    public const string CaptionsUrlVariable = "SESSION_CAPTIONS_URL";
    public const string CameraPasswordVariable = "SESSION_CAMERA_PASSWORD";

    public const string Usage =
        "Session.Broadcast --hall URL --source testsrc|v4l2:/dev/video0|rtsp://...|file:PATH [--rtmp URL] [--archive DIR]\n" +
        "  [--size 1280x720] [--fps 25] [--duration SECONDS] [--key-file PATH] [--hall-key-file PATH] [--hls DIR]\n" +
        "  [--chapters PATH] [--audio alsa:DEVICE|pulse:DEVICE] [--bitrate KBPS] [--loudness LUFS] [--overlay-fps N] [--preset NAME]\n" +
        "  [--captions-url-file PATH] [--captions-vtt PATH] [--caption-hold SECONDS] [--stt-model PATH] [--stt-language uk]\n" +
        "  [--interpreter testsrc|v4l2:/dev/videoN|rtsp://...|file:PATH] [--interpreter-corner bottom-right|bottom-left|top-right|top-left]\n" +
        "  [--interpreter-start on|off] [--camera visca-udp://HOST:PORT|visca-tcp://HOST:PORT|onvif://USER@HOST/PATH?profile=TOKEN]\n" +
        "  [--camera-presets PATH.json] [--camera-hold SECONDS] [--camera-password-file PATH] [--hall-ca SHA256-FINGERPRINT]\n" +
        "  [--recordings DIR] [--retention-years 5] [--no-upload]\n" +
        "  [--youtube-client CLIENT.json --youtube-token TOKEN.json [--youtube-privacy public|unlisted|private]]\n" +
        "Session.Broadcast youtube-login --youtube-client CLIENT.json --youtube-token TOKEN.json   (once: Google's device sign-in)\n" +
        "The stream key comes from SESSION_STREAM_KEY or --key-file and is appended to --rtmp; the hall terminal key from\n" +
        "SESSION_HALL_KEY or --hall-key-file (the demo writes DATA_DIR/broadcast.key); YouTube's caption URL (a secret) from\n" +
        "SESSION_CAPTIONS_URL or --captions-url-file; an ONVIF camera's password from SESSION_CAMERA_PASSWORD or\n" +
        "--camera-password-file. With --youtube-client and --youtube-token the event, its stream key and caption URL come from\n" +
        "the YouTube API instead (no --rtmp, no key). Each sitting's recording is joined when it closes and, with the hall\n" +
        "terminal key, sent to the hall (--no-upload keeps it local). Rebuild one from the archive: Session.Broadcast join --help.";

    private static readonly HashSet<string> Known =
    [
        "--hall", "--source", "--rtmp", "--archive", "--size", "--fps", "--duration", "--key-file", "--hall-key-file",
        "--hls", "--chapters", "--audio", "--bitrate", "--loudness", "--overlay-fps", "--preset", "--segment-seconds",
        "--captions-url-file", "--captions-vtt", "--caption-hold", "--stt-model", "--stt-language",
        "--interpreter", "--interpreter-corner", "--interpreter-start", "--camera", "--camera-presets", "--camera-hold", "--camera-password-file",
        "--hall-ca", "--recordings", "--retention-years", "--youtube-client", "--youtube-token", "--youtube-privacy",
    ];

    // No ultrafast: it turns CABAC and B-frames off, so the stream drops to Constrained Baseline (YouTube wants Main/High).
    private static readonly HashSet<string> Presets = ["superfast", "veryfast", "faster", "fast", "medium"];

    public static (BroadcastOptions? Options, IReadOnlyList<CommandLineError> Errors) Parse(
        IReadOnlyList<string> args, Func<string, string?> environment, Func<string, string> readFile)
    {
        var errors = new List<CommandLineError>();
        var values = new Dictionary<string, string>();
        bool upload = true;
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--captions-url")
            {
                // The URL carries YouTube's caption key: on a command line every local user would read it with ps.
                errors.Add(new(a, $"the caption URL is a secret and must not be on the command line (ps shows it): set {CaptionsUrlVariable} or pass --captions-url-file PATH"));
                i++;
                continue;
            }
            if (a == "--no-upload") { upload = false; continue; }
            if (!Known.Contains(a)) { errors.Add(new(a, "unknown option")); continue; }
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)) { errors.Add(new(a, "needs a value")); continue; }
            if (!values.TryAdd(a, args[++i])) errors.Add(new(a, "given twice"));
        }

        Uri? hall = null;
        if (!values.TryGetValue("--hall", out var hallText)) errors.Add(new("--hall", "required, e.g. http://127.0.0.1:5000"));
        else if (!Uri.TryCreate(hallText, UriKind.Absolute, out hall) || (hall.Scheme != "http" && hall.Scheme != "https"))
            errors.Add(new("--hall", $"'{hallText}' is not an http(s) URL"));

        VideoSource? source = null;
        if (!values.TryGetValue("--source", out var sourceText)) errors.Add(new("--source", "required: testsrc, v4l2:/dev/video0, rtsp://… or file:PATH"));
        else if ((source = VideoSource.Parse(sourceText, out var sourceError)) is null) errors.Add(new("--source", sourceError!));

        int width = 1280, height = 720;
        if (values.TryGetValue("--size", out var sizeText))
        {
            var parts = sizeText.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height)
                || width < 160 || height < 90 || width > 3840 || height > 2160 || width % 2 != 0 || height % 2 != 0)
                errors.Add(new("--size", $"'{sizeText}' must be WIDTHxHEIGHT, even numbers from 160x90 to 3840x2160 (yuv420p)"));
        }

        int fps = Int(values, "--fps", 25, 1, 60, errors);
        int overlayFps = Int(values, "--overlay-fps", fps, 1, 60, errors);
        int kbps = Int(values, "--bitrate", height >= 1080 ? 6000 : 4500, 300, 20000, errors);
        int segment = Int(values, "--segment-seconds", 60, 2, 3600, errors);
        TimeSpan? duration = null;
        if (values.ContainsKey("--duration")) duration = TimeSpan.FromSeconds(Int(values, "--duration", 0, 1, 7 * 24 * 3600, errors));

        double lufs = -14;
        if (values.TryGetValue("--loudness", out var lufsText)
            && (!double.TryParse(lufsText, NumberStyles.Float, CultureInfo.InvariantCulture, out lufs) || lufs < -70 || lufs > -5))
            errors.Add(new("--loudness", $"'{lufsText}' must be a loudness target in LUFS between -70 and -5"));

        string preset = values.GetValueOrDefault("--preset", "veryfast");
        if (!Presets.Contains(preset)) errors.Add(new("--preset", $"'{preset}' is not one of {string.Join(", ", Presets)}"));

        string? audio = values.GetValueOrDefault("--audio");
        if (audio is not null && !audio.StartsWith("alsa:", StringComparison.Ordinal) && !audio.StartsWith("pulse:", StringComparison.Ordinal))
            errors.Add(new("--audio", $"'{audio}' must be alsa:DEVICE or pulse:DEVICE"));

        string? rtmp = values.GetValueOrDefault("--rtmp");
        if (rtmp is not null && !(Uri.TryCreate(rtmp, UriKind.Absolute, out var rtmpUri) && rtmpUri.Scheme is "rtmp" or "rtmps"))
            errors.Add(new("--rtmp", "must be an rtmp:// or rtmps:// URL without the key, e.g. rtmp://a.rtmp.youtube.com/live2"));

        var streamKey = ReadSecret(values, "--key-file", StreamKeyVariable, environment, readFile, errors, partOfUrl: true);
        if (rtmp is not null && streamKey is null && !errors.Any(e => e.Option == "--key-file"))
            errors.Add(new("--key-file", $"--rtmp needs a stream key: set {StreamKeyVariable} or pass --key-file PATH"));
        if (streamKey is not null && rtmp is not null && rtmp.Contains(streamKey.Reveal(), StringComparison.Ordinal))
            errors.Add(new("--rtmp", "the URL already contains the stream key; pass the URL without it, the key is appended"));
        var hallKey = ReadSecret(values, "--hall-key-file", HallKeyVariable, environment, readFile, errors, partOfUrl: false);
        Session.Core.Transport.HallCaPin? hallCa = null;
        try { hallCa = Session.Core.Transport.HallCaPin.Parse(values.GetValueOrDefault("--hall-ca")); }
        catch (FormatException e) { errors.Add(new("--hall-ca", e.Message)); }

        var captionsUrl = ReadCaptionsUrl(values, environment, readFile, errors);
        int hold = Int(values, "--caption-hold", 5, 1, 60, errors);
        string? sttModel = values.GetValueOrDefault("--stt-model");
        if (sttModel is not null && Captions.Stt.WhisperModel.Check(sttModel) is { } modelError) errors.Add(new("--stt-model", modelError));
        string sttLanguage = values.GetValueOrDefault("--stt-language", "uk");
        if (sttLanguage.Length is < 2 or > 5 || !sttLanguage.All(char.IsAsciiLetterLower))
            errors.Add(new("--stt-language", $"'{sttLanguage}' must be a language code such as uk or en"));

        VideoSource? interpreter = null;
        if (values.TryGetValue("--interpreter", out var interpreterText) && (interpreter = VideoSource.Parse(interpreterText, out var interpreterError)) is null)
            errors.Add(new("--interpreter", $"джерело перекладача / interpreter source: {interpreterError!.Replace("--source ", "")}"));
        var corner = Corner.BottomRight;
        if (values.TryGetValue("--interpreter-corner", out var cornerText))
        {
            if (Corners.Parse(cornerText) is { } c) corner = c;
            else errors.Add(new("--interpreter-corner", $"'{cornerText}' — кут: / corner: bottom-right, bottom-left, top-right or top-left"));
        }
        bool interpreterOn = true;
        if (values.TryGetValue("--interpreter-start", out var startText))
        {
            if (startText is "on" or "off") interpreterOn = startText == "on";
            else errors.Add(new("--interpreter-start", $"'{startText}' — on або off / on or off"));
        }
        if (interpreter is null && (values.ContainsKey("--interpreter-corner") || values.ContainsKey("--interpreter-start")) && !errors.Any(e => e.Option == "--interpreter"))
            errors.Add(new("--interpreter", "потрібне, коли задано кут або стан вікна перекладача / required with --interpreter-corner or --interpreter-start"));

        Camera.CameraTarget? camera = null;
        Camera.CameraPresets? presets = null;
        var cameraHold = TimeSpan.FromSeconds(Int(values, "--camera-hold", 4, 0, 600, errors));
        if (values.TryGetValue("--camera", out var cameraText))
        {
            var password = ReadSecret(values, "--camera-password-file", CameraPasswordVariable, environment, readFile, errors, partOfUrl: false);
            camera = Camera.CameraTarget.Parse(cameraText, password, out var cameraError);
            if (camera is null) errors.Add(new("--camera", cameraError!));
            else if (camera is Camera.CameraTarget.Onvif { Password: null })
                errors.Add(new("--camera", $"камері ONVIF потрібен пароль: {CameraPasswordVariable} або --camera-password-file / an ONVIF camera needs a password: {CameraPasswordVariable} or --camera-password-file"));
            if (!values.TryGetValue("--camera-presets", out var presetsPath))
                errors.Add(new("--camera-presets", "потрібне з --camera: JSON з пресетами місць і overview / required with --camera: a JSON file of seat presets and the overview"));
            else
            {
                try
                {
                    presets = Camera.CameraPresets.Parse(readFile(presetsPath), numeric: camera is not Camera.CameraTarget.Onvif, out var presetsError);
                    if (presets is null) errors.Add(new("--camera-presets", $"{presetsPath}: {presetsError}"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                { errors.Add(new("--camera-presets", $"не вдається прочитати / cannot read '{presetsPath}': {e.GetType().Name}")); }
            }
        }
        else if (values.ContainsKey("--camera-presets") || values.ContainsKey("--camera-hold"))
            errors.Add(new("--camera", "потрібне, коли задано пресети або час утримання / required with --camera-presets or --camera-hold"));

        // 3590-IX: at least five years; a shorter period would delete what the law says to keep.
        int retention = Int(values, "--retention-years", Recording.RecordingJoiner.DefaultRetentionYears, Recording.RecordingJoiner.DefaultRetentionYears, 100, errors);
        var youTube = ReadYouTube(values, environment, readFile, errors);
        if (youTube is not null && rtmp is not null)
            errors.Add(new("--rtmp", "або --rtmp з ключем потоку, або --youtube-client (ключ дає YouTube API) / either --rtmp with a stream key or --youtube-client (the API gives the key), not both"));
        string archive = values.GetValueOrDefault("--archive", "archive");
        if (errors.Count > 0) return (null, errors);
        return (new BroadcastOptions
        {
            Hall = hall!, HallCa = hallCa, Source = source!, RtmpBase = rtmp, StreamKey = rtmp is null ? null : streamKey, HallKey = hallKey,
            AudioDevice = audio, ArchiveDir = Path.GetFullPath(archive), HlsDir = values.TryGetValue("--hls", out var hls) ? Path.GetFullPath(hls) : null,
            ChaptersPath = Path.GetFullPath(values.GetValueOrDefault("--chapters", Path.Combine(archive, "chapters.txt"))),
            Width = width, Height = height, Fps = fps, OverlayFps = overlayFps, Duration = duration, VideoKbps = kbps,
            LoudnessLufs = lufs, Preset = preset, SegmentSeconds = segment,
            CaptionsUrl = captionsUrl, CaptionHold = TimeSpan.FromSeconds(hold), SttLanguage = sttLanguage,
            SttModelPath = sttModel is null ? null : Path.GetFullPath(sttModel),
            CaptionsVttPath = Path.GetFullPath(values.GetValueOrDefault("--captions-vtt", Path.Combine(archive, "captions.vtt"))),
            Interpreter = interpreter, InterpreterCorner = corner, InterpreterOnAtStart = interpreterOn,
            Camera = camera, CameraPresets = presets, CameraHold = cameraHold,
            RecordingsDir = values.TryGetValue("--recordings", out var recordings) ? Path.GetFullPath(recordings) : null, RetentionYears = retention,
            UploadRecordings = upload,
            YouTube = youTube,
        }, errors);
    }

    private static int Int(Dictionary<string, string> values, string key, int fallback, int min, int max, List<CommandLineError> errors)
    {
        if (!values.TryGetValue(key, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        errors.Add(new(key, $"'{text}' must be a whole number from {min} to {max}"));
        return fallback;
    }

    /// <summary>
    /// <c>--youtube-client</c> (Google's OAuth client JSON) and <c>--youtube-token</c> (written by <c>youtube-login</c>)
    /// go together; neither file's content is ever quoted in an error.
    /// </summary>
    private static YouTube.YouTubeOptions? ReadYouTube(Dictionary<string, string> values, Func<string, string?> environment, Func<string, string> readFile, List<CommandLineError> errors)
    {
        bool client = values.TryGetValue("--youtube-client", out var clientPath), token = values.TryGetValue("--youtube-token", out var tokenPath);
        string privacy = values.GetValueOrDefault("--youtube-privacy", "public");
        if (!YouTube.YouTubeOptions.Privacies.Contains(privacy))
            errors.Add(new("--youtube-privacy", $"'{privacy}' — public, unlisted або / or private"));
        if (!client && !token)
        {
            if (values.ContainsKey("--youtube-privacy")) errors.Add(new("--youtube-client", "потрібне з --youtube-privacy / required with --youtube-privacy"));
            return null;
        }
        if (!client || !token)
        {
            errors.Add(new(client ? "--youtube-token" : "--youtube-client", "--youtube-client і --youtube-token задають разом / --youtube-client and --youtube-token go together"));
            return null;
        }
        YouTube.OAuthClient? parsed = null;
        Secret? refresh = null;
        string? why;
        try { if ((parsed = YouTube.OAuthClient.Parse(readFile(clientPath!), out why)) is null) errors.Add(new("--youtube-client", $"{clientPath}: {why}")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { errors.Add(new("--youtube-client", $"не вдається прочитати / cannot read '{clientPath}': {e.GetType().Name}")); }
        try { if ((refresh = YouTube.TokenStore.Load(readFile(tokenPath!), out why)) is null) errors.Add(new("--youtube-token", $"{tokenPath}: {why}")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { errors.Add(new("--youtube-token", $"'{tokenPath}': немає токена — спершу youtube-login / no token — run youtube-login first ({e.GetType().Name})")); }
        if (parsed is null || refresh is null) return null;
        return new YouTube.YouTubeOptions
        {
            Client = parsed, TokenPath = Path.GetFullPath(tokenPath!), RefreshToken = refresh, Privacy = privacy,
            OAuthBase = YouTube.YouTubeOptions.Base(environment, YouTube.YouTubeOptions.OAuthBaseVariable, YouTube.YouTubeOptions.GoogleOAuth),
            ApiBase = YouTube.YouTubeOptions.Base(environment, YouTube.YouTubeOptions.ApiBaseVariable, YouTube.YouTubeOptions.GoogleApi),
        };
    }

    /// <summary>The caption URL from <c>--captions-url-file</c> or the environment; never echoed in an error.</summary>
    private static Secret? ReadCaptionsUrl(Dictionary<string, string> values, Func<string, string?> environment, Func<string, string> readFile, List<CommandLineError> errors)
    {
        var url = ReadSecret(values, "--captions-url-file", CaptionsUrlVariable, environment, readFile, errors, partOfUrl: false);
        if (url is null) return null;
        if (!Uri.TryCreate(url.Reveal(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            errors.Add(new("--captions-url-file", "the caption URL must be an http(s) URL, as YouTube gives it (http://upload.youtube.com/closedcaption?cid=…)"));
            return null;
        }
        return url;
    }

    internal static Secret? ReadSecret(Dictionary<string, string> values, string option, string variable,
        Func<string, string?> environment, Func<string, string> readFile, List<CommandLineError> errors, bool partOfUrl)
    {
        string? text;
        if (values.TryGetValue(option, out var path))
        {
            try { text = readFile(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The path is not secret; the content is, and it is never read into the message.
                errors.Add(new(option, $"cannot read '{path}': {e.GetType().Name}"));
                return null;
            }
            text = text.Trim();
            if (text.Length == 0) { errors.Add(new(option, $"'{path}' is empty")); return null; }
        }
        else
        {
            text = environment(variable)?.Trim();
            if (string.IsNullOrEmpty(text)) return null;
        }
        if (text.Any(char.IsWhiteSpace) || (partOfUrl && text.Contains('/')))
        {
            errors.Add(new(option, $"the key (from {(values.ContainsKey(option) ? option : variable)}) contains spaces or '/'; expected one token"));
            return null;
        }
        return new Secret(text);
    }
}
