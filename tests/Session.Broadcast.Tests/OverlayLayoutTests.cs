using Session.Broadcast.Options;
using Session.Broadcast.Overlay;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using SkiaSharp;

namespace Session.Broadcast.Tests;

public class OverlayLayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string LongRule = "більшість від загального складу ради (частина друга статті 59 Закону України «Про місцеве самоврядування в Україні»)";
    private const string LongMotion = "Про внесення змін до рішення міської ради від 21 грудня 2025 року №1234 «Про бюджет Вишнівської міської територіальної громади на 2026 рік» та про затвердження програми соціально-економічного розвитку";

    private static VoteView Vote(string status, bool? passed) => TestViews.Vote("v1", status, passed, 15, 2, 1,
        [.. Enumerable.Range(1, 20).Select(i => new RollCallView($"d{i}", $"Депутат {i}", $"f{i % 6}", i % 3 == 0 ? "no" : "yes", "", false, null, false))])
        with { Motion = LongMotion, RuleUk = LongRule };

    private static readonly FactionView[] ManyFactions =
        [.. Enumerable.Range(0, 6).Select(i => new FactionView($"f{i}", $"Депутатська фракція політичної партії «Об'єднання {i} за майбутнє громади»"))];

    public static TheoryData<int, int, Corner?> Sizes()
    {
        var data = new TheoryData<int, int, Corner?>();
        foreach (var (w, h) in new[] { (1280, 720), (1920, 1080) })
        {
            data.Add(w, h, null);
            foreach (var c in Enum.GetValues<Corner>()) data.Add(w, h, c);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_text_run_stays_inside_its_panel_and_outside_the_interpreter_window(int width, int height, Corner? corner)
    {
        var speaker = new SpeakerView("d1", "Вишнівецький-Самойленко Олександр-Володимир Костянтинович", "debate", "виступ в обговоренні з питання порядку денного", 180, Now.AddMinutes(3));
        var open = Vote("open", null);
        var scenes = new[]
        {
            // The live count with the lower third and a speaker.
            OverlayScene.Compose(TestViews.Sitting(currentItemId: "i1", vote: open, votes: [open], speaker: speaker) with { Agenda = [new AgendaItemView("i1", 1, LongMotion, null, null, false, null)] },
                null, Now, false, null, corner),
            // The result board with the long rule line «Потрібно: 14 (більшість від загального складу ради…» and six factions.
            OverlayScene.Compose(TestViews.Sitting(currentItemId: "i1", votes: [Vote("closed", true)]) with { Factions = ManyFactions }, null, Now, true, ("v1", Now), corner),
            OverlayScene.Compose(TestViews.Sitting(currentItemId: "i2", status: "recess",
                recess: new RecessView("technical", "Технічна перерва для відновлення електропостачання у сесійній залі після відключення", Now)), null, Now, true, null, corner),
        };
        Assert.NotNull(scenes[0].Live);
        Assert.NotNull(scenes[1].Result);
        Assert.NotNull(scenes[2].Recess);

        var layout = OverlayLayout.For(corner);
        using var r = new OverlayRenderer(width, height);
        Assert.True(r.FontsFound, "fonts-noto-core is needed");
        foreach (var scene in scenes)
        {
            r.Render(scene);
            Assert.NotEmpty(r.LastRuns);
            if (scene.Result is not null) Assert.Contains(r.LastRuns, x => x.Text.StartsWith("Потрібно:", StringComparison.Ordinal));
            // Fixed labels are never the ones shortened.
            string[] labels = scene.Recess is not null ? ["НАЖИВО", "12:00:00"] : scene.Live is not null ? ["НАЖИВО", "ГОЛОСУВАННЯ", "За", "Проти", "Утрималися"] : ["НАЖИВО", "ПРИЙНЯТО", "Утрималися"];
            foreach (var label in labels) Assert.Contains(r.LastRuns, x => x.Text == label);
            foreach (var run in r.LastRuns)
            {
                // Antialiasing may touch the next pixel: one output pixel of slack, in design units.
                float slack = 1920f / width;
                Assert.True(run.Panel.Left - slack <= run.Bounds.Left && run.Bounds.Right <= run.Panel.Right + slack
                    && run.Panel.Top - slack <= run.Bounds.Top && run.Bounds.Bottom <= run.Panel.Bottom + slack,
                    $"«{run.Text}» at {run.Bounds} leaves its panel {run.Panel} ({width}x{height}, {corner})");
                Assert.True(Inside(run.Bounds, layout.Safe, slack), $"«{run.Text}» at {run.Bounds} is outside the safe area");
                if (layout.Interpreter is { } pip) Assert.False(pip.IntersectsWith(run.Bounds), $"«{run.Text}» covers the interpreter window");
            }
        }
    }

    private static bool Inside(SKRect r, SKRect area, float slack) =>
        area.Left - slack <= r.Left && r.Right <= area.Right + slack && area.Top - slack <= r.Top && r.Bottom <= area.Bottom + slack;

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    [InlineData(640, 360)]
    public void The_interpreter_window_is_a_sixth_of_the_picture_or_more_inside_the_safe_area_and_no_panel_covers_it(int width, int height)
    {
        foreach (var corner in Enum.GetValues<Corner>())
        {
            var px = OverlayLayout.InterpreterPixels(corner, width, height);
            Assert.True((double)px.Width * px.Height >= width * height / 6.0, $"{corner}: {px} is less than a sixth of {width}x{height}");
            var safe = new SKRectI((int)Math.Floor(width * 0.05), (int)Math.Floor(height * 0.05), (int)Math.Ceiling(width * 0.95), (int)Math.Ceiling(height * 0.95));
            Assert.True(safe.Contains(px), $"{corner}: {px} leaves the safe area {safe}");
            Assert.True(px.Left % 2 == 0 && px.Top % 2 == 0 && px.Width % 2 == 0 && px.Height % 2 == 0, "yuv420p needs even coordinates");

            var l = OverlayLayout.For(corner, captions: true);
            var pip = l.Interpreter!.Value;
            foreach (var (name, panel) in new[] { ("bug", l.Bug), ("side", l.Side), ("lower third", l.LowerThird), ("caption band", l.CaptionBand), ("recess text", l.RecessText) })
            {
                Assert.False(pip.IntersectsWith(panel), $"{corner}: the {name} {panel} covers the interpreter window {pip}");
                Assert.True(l.Safe.Contains(panel), $"{corner}: the {name} leaves the safe area");
            }
            Assert.False(l.CaptionBand.IntersectsWith(l.LowerThird), "the lower third sits above the caption band");
            Assert.True(l.CaptionBand.Height >= 2 * 40 * 1.3f, "two caption lines fit");
        }
    }
}
