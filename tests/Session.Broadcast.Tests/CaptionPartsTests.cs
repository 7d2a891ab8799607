using Session.Broadcast.Captions;
using Session.Broadcast.Options;
using Session.Broadcast.Overlay;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using SkiaSharp;

namespace Session.Broadcast.Tests;

/// <summary>The caption pieces without FFmpeg: YouTube's body, WebVTT cues, the band's wrapping, the secret URL, the model check.</summary>
public class CaptionPartsTests
{
    private static (BroadcastOptions? O, IReadOnlyList<CommandLineError> E) Parse(string args, Dictionary<string, string>? env = null, Dictionary<string, string>? files = null) =>
        CommandLine.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), k => env?.GetValueOrDefault(k),
            p => files is not null && files.TryGetValue(p, out var c) ? c : throw new FileNotFoundException("no such file", p));

    [Fact]
    public void YouTube_body_is_a_utc_timestamp_line_without_zone_then_the_text_and_seq_is_appended_to_the_query()
    {
        var at = new DateTimeOffset(2026, 12, 2, 17, 5, 9, 42, TimeSpan.FromHours(2));
        Assert.Equal("2026-12-02T15:05:09.042\nДобрий день\n", YouTubeCaptionFormat.Body(at, "Добрий день"));
        Assert.Equal("2026-12-02T15:05:09.042\nперший<br>другий\n", YouTubeCaptionFormat.Body(at, "перший\r\nдругий"));
        Assert.Equal("http://upload.youtube.com/closedcaption?cid=abc&seq=7", YouTubeCaptionFormat.WithSeq("http://upload.youtube.com/closedcaption?cid=abc", 7).ToString());
    }

    [Fact]
    public void WebVtt_cues_end_at_the_next_line_or_after_the_hold_and_partial_lines_are_not_written()
    {
        var path = Path.Combine(BroadcastRun.NewDir(), "archive", "captions.vtt");
        using (var vtt = new WebVttWriter(path, TimeSpan.FromSeconds(4)))
        {
            var now = DateTimeOffset.UtcNow;
            vtt.Add(new CaptionLine(1, "Перший <рядок> & ще", false, now), TimeSpan.FromSeconds(10));
            vtt.Add(new CaptionLine(2, "частк", true, now), TimeSpan.FromSeconds(11));
            vtt.Add(new CaptionLine(3, "Другий", false, now), TimeSpan.FromSeconds(12.5));
            vtt.Tick(TimeSpan.FromSeconds(15)); // still within the hold
            vtt.Tick(TimeSpan.FromSeconds(17)); // past it: the cue ends at 12.5 + 4
            vtt.Add(new CaptionLine(4, "Третій", false, now), TimeSpan.FromSeconds(3725.25));
            vtt.Finish(TimeSpan.FromSeconds(3726));
        }
        Assert.Equal(
            "WEBVTT\n\n" +
            "1\n00:00:10.000 --> 00:00:12.500\nПерший &lt;рядок&gt; &amp; ще\n\n" +
            "2\n00:00:12.500 --> 00:00:16.500\nДругий\n\n" +
            "3\n01:02:05.250 --> 01:02:06.000\nТретій\n\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_long_caption_is_wrapped_by_measured_width_and_only_its_last_two_lines_are_drawn_inside_the_safe_area()
    {
        using var renderer = new OverlayRenderer(1920, 1080);
        var text = string.Join(' ', Enumerable.Repeat("Пропоную підтримати проєкт рішення про бюджет громади", 4));
        using (var face = SKTypeface.FromFile(OverlayRenderer.RegularFont))
        using (var font = new SKFont(face, CaptionLayer.FontSize))
        {
            var lines = CaptionLayer.Wrap(text, font, CaptionLayer.SafeRight - CaptionLayer.SafeLeft - 44);
            Assert.True(lines.Count > 2, $"the text wraps to {lines.Count} lines");
            Assert.All(lines, l => Assert.True(font.MeasureText(l) <= CaptionLayer.SafeRight - CaptionLayer.SafeLeft - 44, l));
            Assert.Equal(text, string.Join(' ', lines));
        }
        var scene = new OverlayScene("12:00:00", true, null, null, null, null);
        var without = renderer.Render(scene);
        var with = renderer.Render(scene with { Caption = text });
        Assert.True(Pixels.Mean(without, 1920, 1080, CaptionLayer.Band).A < 1, "nothing in the band without a caption");
        Assert.True(Pixels.Mean(with, 1920, 1080, CaptionLayer.Band).A > 150, "the caption box fills the band");
        // Nothing is drawn below the safe area, nor beside it.
        Assert.True(Pixels.Mean(with, 1920, 1080, new SKRect(0, CaptionLayer.SafeBottom + 2, 1920, 1080)).A < 1);
        Assert.True(Pixels.Mean(with, 1920, 1080, new SKRect(0, CaptionLayer.Band.Top, CaptionLayer.SafeLeft - 2, CaptionLayer.SafeBottom)).A < 1);
        Assert.True(Pixels.Mean(with, 1920, 1080, new SKRect(0, CaptionLayer.Band.Top - 80, 1920, CaptionLayer.Band.Top - 4)).A < 1, "at most two lines tall");
    }

    [Fact]
    public void The_caption_expires_after_the_hold_without_new_text()
    {
        var track = new CaptionTrack(TimeSpan.FromSeconds(5));
        var t0 = DateTimeOffset.UtcNow;
        Assert.Null(track.Current(t0));
        track.Add(new CaptionLine(1, "Слово надається", false, t0), t0);
        track.Add(new CaptionLine(2, "депутату", true, t0), t0.AddSeconds(2));
        Assert.Equal("Слово надається депутату", track.Current(t0.AddSeconds(6)));
        Assert.Null(track.Current(t0.AddSeconds(7.5)));
    }

    [Fact]
    public void The_caption_url_is_a_secret_refused_on_the_command_line_taken_from_a_file_and_masked()
    {
        var (_, e) = Parse("--hall http://h --source testsrc --captions-url http://upload.youtube.com/closedcaption?cid=SeCrEt99");
        var error = Assert.Single(e);
        Assert.Equal("--captions-url", error.Option);
        Assert.Contains("SESSION_CAPTIONS_URL", error.Message);
        Assert.DoesNotContain("SeCrEt99", error.Message);

        var (o, e2) = Parse("--hall http://h --source testsrc --captions-url-file /c", files: new() { ["/c"] = "http://upload.youtube.com/closedcaption?cid=SeCrEt99\n" });
        Assert.Empty(e2);
        Assert.Equal("http://upload.youtube.com/closedcaption?cid=SeCrEt99", o!.CaptionsUrl!.Reveal());
        Assert.DoesNotContain("SeCrEt99", o.ToString());
        var masker = new SecretMasker();
        masker.AddUrl(o.CaptionsUrl);
        Assert.Equal("POST **** failed; cid **** refused", masker.Apply("POST http://upload.youtube.com/closedcaption?cid=SeCrEt99&seq=3 failed; cid SeCrEt99 refused").Replace("&seq=3", ""));

        var (_, e3) = Parse("--hall http://h --source testsrc", new() { ["SESSION_CAPTIONS_URL"] = "ftp://x/SeCrEt99" });
        Assert.Equal("--captions-url-file", Assert.Single(e3).Option);
        Assert.DoesNotContain("SeCrEt99", e3[0].Message);
    }

    [Fact]
    public void A_missing_or_foreign_whisper_model_is_refused_in_ukrainian_and_english_before_anything_starts()
    {
        var dir = BroadcastRun.NewDir();
        var (_, missing) = Parse($"--hall http://h --source testsrc --stt-model {dir}/ggml-small.bin");
        var m = Assert.Single(missing);
        Assert.Equal("--stt-model", m.Option);
        Assert.Contains("файл моделі Whisper не знайдено", m.Message);
        Assert.Contains("does not exist", m.Message);

        var foreign = Path.Combine(dir, "model.bin");
        File.WriteAllBytes(foreign, [.. "GGUF"u8, .. new byte[4096]]);
        var (_, bad) = Parse($"--hall http://h --source testsrc --stt-model {foreign}");
        Assert.Contains("не є моделлю Whisper", Assert.Single(bad).Message);
        Assert.Contains("is not a Whisper (ggml) model", bad[0].Message);

        var (o, none) = Parse("--hall http://h --source testsrc");
        Assert.Empty(none);
        Assert.Null(o!.SttModelPath); // speech-to-text is off by default
    }
}
