using Session.Broadcast.Overlay;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using SkiaSharp;

namespace Session.Broadcast.Tests;

public class OverlayTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static RollCallView[] RollCall() =>
    [
        .. Enumerable.Range(1, 10).Select(i => new RollCallView($"d{i}", $"Депутат {i}", "f1", "yes", "За", false, null, false)),
        .. Enumerable.Range(11, 5).Select(i => new RollCallView($"d{i}", $"Депутат {i}", "f2", i % 2 == 0 ? "no" : "abstain", "", false, null, false)),
        new RollCallView("d16", "Депутат 16", null, "absent", "Відсутній", false, null, false),
    ];

    [Fact]
    public void A_vote_seen_closing_shows_the_result_board_with_verdict_and_faction_bars_then_it_expires()
    {
        var closed = TestViews.Vote("v1", "closed", true, 15, 2, 1, RollCall());
        var view = TestViews.Sitting(currentItemId: "i1", votes: [closed]);
        var scene = OverlayScene.Compose(view, null, Now, true, ("v1", Now));
        Assert.NotNull(scene.Result);
        Assert.True(scene.Result.Passed);
        Assert.Equal(["Слуга народу", "Європейська солідарність", "Позафракційні"], scene.Result.Factions.Select(f => f.Name));
        Assert.Equal(new FactionBar("Слуга народу", 10, 0, 0, 0), scene.Result.Factions[0]);
        Assert.Equal("Питання 1. Про затвердження програми розвитку №1", scene.Lower!.Item);
        Assert.Equal("12:00:00", scene.Clock); // Kyiv is UTC+2 in November

        Assert.Null(OverlayScene.Compose(view, null, Now + OverlayScene.ResultHold, true, ("v1", Now)).Result);
        Assert.Null(OverlayScene.Compose(view, null, Now, true, null).Result);
    }

    [Fact]
    public void An_open_vote_shows_the_live_count_from_the_latest_tally()
    {
        var open = TestViews.Vote("v2", "open", null, 1, 0, 0);
        var view = TestViews.Sitting(currentItemId: "i1", vote: open, votes: [open]);
        var scene = OverlayScene.Compose(view, new TallyUpdate("s-1", "v2", new TallyView(9, 3, 1, 7, 7, 0), 11), Now, true, null);
        Assert.Equal((9, 3, 1), (scene.Live!.Yes, scene.Live.No, scene.Live.Abstain));
        Assert.Null(scene.Result);
    }

    [Fact]
    public void A_recess_for_an_air_raid_alert_is_a_full_screen_slate()
    {
        var view = TestViews.Sitting(currentItemId: "i2", status: "recess", recess: new RecessView("air-raid", "Повітряна тривога у Києві", Now));
        var scene = OverlayScene.Compose(view, null, Now, true, null);
        Assert.Equal("ПОВІТРЯНА ТРИВОГА", scene.Recess!.Title);
        using var r = new OverlayRenderer(640, 360);
        var frame = r.Render(scene);
        var mean = Pixels.Mean(frame, 640, 360, new SKRect(600, 800, 1400, 1000));
        Assert.Equal(255, mean.A, 0);
    }

    [Fact]
    public void The_result_board_is_drawn_in_its_verdict_band_green_when_passed_red_when_not_with_ukrainian_glyphs()
    {
        using var r = new OverlayRenderer(640, 360);
        Assert.True(r.FontsFound, "fonts-noto-core is needed");
        var passed = OverlayScene.Compose(TestViews.Sitting(votes: [TestViews.Vote("v1", "closed", true, 15, 2, 1, RollCall())]), null, Now, true, ("v1", Now));
        var failed = OverlayScene.Compose(TestViews.Sitting(votes: [TestViews.Vote("v1", "closed", false, 5, 9, 1, RollCall())]), null, Now, true, ("v1", Now));
        var empty = OverlayScene.Compose(null, null, Now, true, null);

        // A strip of the band right of the verdict text: the plain band colour.
        var strip = new SKRect(OverlayRenderer.VerdictBand.Right - 170, OverlayRenderer.VerdictBand.Top + 10, OverlayRenderer.VerdictBand.Right - 10, OverlayRenderer.VerdictBand.Bottom - 10);
        var g = Pixels.Mean(r.Render(passed), 640, 360, strip);
        var red = Pixels.Mean(r.Render(failed), 640, 360, strip);
        var none = Pixels.Mean(r.Render(empty), 640, 360, strip);
        Assert.True(Pixels.Near((g.R, g.G, g.B), OverlayRenderer.PassedColor, 6), $"{g}");
        Assert.True(Pixels.Near((red.R, red.G, red.B), OverlayRenderer.FailedColor, 6), $"{red}");
        Assert.Equal(0, none.A);

        // The verdict text itself: white glyph pixels inside the band (Cyrillic drawn, not missing-glyph boxes only).
        var text = Pixels.Mean(r.Render(passed), 640, 360, new SKRect(OverlayRenderer.VerdictBand.Left + 40, OverlayRenderer.VerdictBand.Top + 30, OverlayRenderer.VerdictBand.Left + 330, OverlayRenderer.VerdictBand.Top + 90));
        Assert.True(text.R > g.R + 20, $"verdict text not drawn: {text}");
    }

    [Fact]
    public void Noto_sans_has_every_ukrainian_letter_the_overlay_uses()
    {
        using var face = SKTypeface.FromFile(OverlayRenderer.RegularFont);
        Assert.NotNull(face);
        foreach (var ch in "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя’")
            Assert.True(face.ContainsGlyph(ch), $"missing glyph {ch}");
    }
}

public class YuvaFrameTests
{
    [Fact]
    public void Premultiplied_rgba_becomes_bt601_limited_range_yuva420p_with_straight_alpha()
    {
        // 2×2 pixels: opaque white, transparent, half-transparent green (premultiplied), opaque black.
        byte[] rgba = [255, 255, 255, 255, 0, 0, 0, 0, 0, 64, 0, 128, 0, 0, 0, 255];
        var yuva = Session.Broadcast.Overlay.YuvaFrame.FromPremultipliedRgba(rgba, 2, 2);
        Assert.Equal(10, yuva.Length);
        Assert.Equal([235, 16, 80, 16], yuva[..4]);            // Y: white 235, transparent 16, green (0,127,0) → 80, black 16
        Assert.Equal([255, 0, 128, 255], yuva[6..]);           // alpha kept straight
        Assert.InRange(yuva[4], 100, 128);                     // U pulled below neutral by the green
        Assert.InRange(yuva[5], 100, 128);                     // V likewise
    }

    [Fact]
    public void Odd_sizes_and_wrong_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Session.Broadcast.Overlay.YuvaFrame.FromPremultipliedRgba(new byte[12], 3, 1));
        Assert.Throws<ArgumentException>(() => Session.Broadcast.Overlay.YuvaFrame.FromPremultipliedRgba(new byte[15], 2, 2));
    }
}
