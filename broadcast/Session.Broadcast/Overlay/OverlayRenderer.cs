using SkiaSharp;

namespace Session.Broadcast.Overlay;

/// <summary>A piece of text as drawn: its ink bounds and the panel it must stay inside (1920×1080 design units).</summary>
public sealed record TextRun(string Text, SKRect Bounds, SKRect Panel);

/// <summary>
/// Draws an <see cref="OverlayScene"/> with SkiaSharp into a premultiplied RGBA frame (FFmpeg's overlay runs with
/// alpha=premultiplied). Layout comes from <see cref="OverlayLayout"/> in 1920×1080 design units, scaled to the output.
/// Every text is measured: it is wrapped or shortened (…) to stay inside its panel; <see cref="LastRuns"/> lists what
/// was drawn where, so tests can hold each run to its panel.
/// </summary>
public sealed class OverlayRenderer : IDisposable
{
    public const string RegularFont = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    public const string BoldFont = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

    /// <summary>The result board's verdict band without an interpreter window: tests and the bench look for its colour here.</summary>
    public static readonly SKRect VerdictBand = VerdictBandOf(OverlayLayout.For(null));
    public static readonly SKColor PassedColor = new(0x1B, 0x87, 0x3F);
    public static readonly SKColor FailedColor = new(0xB3, 0x26, 0x1E);

    private static readonly SKColor Panel = new(0x10, 0x1C, 0x2E, 0xE0);
    private static readonly SKColor Yes = new(0x2E, 0xB8, 0x5C);
    private static readonly SKColor No = new(0xE5, 0x48, 0x3C);
    private static readonly SKColor Abstain = new(0xC8, 0xC8, 0xC8);
    private const float Pad = 30;

    private readonly SKTypeface regular;
    private readonly SKTypeface bold;
    private readonly float scale;
    private readonly CaptionLayer captions;
    private readonly List<TextRun> runs = [];

    public int Width { get; }
    public int Height { get; }
    public bool FontsFound { get; }
    /// <summary>The text runs of the last <see cref="Render"/>.</summary>
    public IReadOnlyList<TextRun> LastRuns => runs.ToList();

    public OverlayRenderer(int width, int height)
    {
        Width = width; Height = height;
        scale = width / OverlayLayout.DesignWidth;
        FontsFound = File.Exists(RegularFont) && File.Exists(BoldFont);
        regular = (FontsFound ? SKTypeface.FromFile(RegularFont) : null) ?? SKTypeface.Default;
        bold = (FontsFound ? SKTypeface.FromFile(BoldFont) : null) ?? SKTypeface.Default;
        captions = new CaptionLayer(regular);
    }

    public static SKRect VerdictBandOf(OverlayLayout l) => Band(l.Side);

    private static SKRect Band(SKRect side) => new(side.Left, side.Top, side.Right, side.Top + 100);

    /// <summary>Renders into a new RGBA buffer of Width×Height×4 bytes.</summary>
    public byte[] Render(OverlayScene scene)
    {
        runs.Clear();
        // While a caption shows, the lower third moves up above layout.CaptionBand (bottom of the safe area, two lines,
        // beside a bottom interpreter window).
        var layout = OverlayLayout.For(scene.Interpreter, captions: scene.Caption is not null);
        var buffer = new byte[Width * Height * 4];
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        unsafe
        {
            fixed (byte* p = buffer)
            {
                using var surface = SKSurface.Create(info, (nint)p, Width * 4) ?? throw new InvalidOperationException("cannot create a Skia surface");
                var c = surface.Canvas;
                c.Clear(SKColors.Transparent);
                c.Scale(scale);
                if (scene.Recess is { } r) DrawRecess(c, r, layout);
                if (scene.Lower is { } l && scene.Recess is null) DrawLowerThird(c, l, layout);
                if (scene.Live is { } v) DrawLive(c, v, layout.Side);
                if (scene.Result is { } b) DrawResult(c, b, layout.Side);
                DrawBug(c, scene.Clock, scene.HallConnected, layout.Bug);
                // The caption band last: over the camera, under nothing, beside a bottom interpreter window.
                if (scene.Caption is { } caption) captions.Draw(c, caption, layout.CaptionBand);
                c.Flush();
            }
        }
        return buffer;
    }

    private void DrawBug(SKCanvas c, string clock, bool connected, SKRect bug)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0xD0, 0x1F, 0x1F, 0xF0) };
        var live = new SKRect(bug.Left, bug.Top, bug.Left + 240, bug.Bottom);
        var time = new SKRect(bug.Left + 252, bug.Top, bug.Right, bug.Bottom);
        c.DrawRoundRect(live, 10, 10, paint);
        paint.Color = SKColors.White;
        c.DrawCircle(live.Left + 28, live.MidY, 10, paint);
        Text(c, "НАЖИВО", live.Left + 44, live.Top + 44, 34, bold, SKColors.White, live);
        paint.Color = Panel;
        c.DrawRoundRect(time, 10, 10, paint);
        Text(c, clock, time.Left + 16, time.Top + 44, 34, regular, SKColors.White, time);
        if (!connected)
        {
            paint.Color = new SKColor(0xF0, 0xA0, 0x00);
            c.DrawCircle(time.Right - 18, time.MidY, 8, paint);
        }
    }

    private void DrawLowerThird(SKCanvas c, LowerThird l, OverlayLayout layout)
    {
        var panel = l.Speaker is null ? layout.LowerThirdCompact : layout.LowerThird;
        using var paint = new SKPaint { IsAntialias = true, Color = Panel };
        c.DrawRoundRect(panel, 12, 12, paint);
        paint.Color = new SKColor(0x2F, 0x6F, 0xD8);
        c.DrawRect(new SKRect(panel.Left, panel.Top, panel.Left + 12, panel.Bottom), paint);
        Text(c, l.Item, panel.Left + 36, panel.Top + 60, 40, bold, SKColors.White, panel);
        if (l.Speaker is not null)
        {
            var speaker = panel;
            if (l.Countdown is not null)
            {
                float x = TextRight(c, l.Countdown, panel.Right - Pad, panel.Top + 118, 40, bold, new SKColor(0xFF, 0xD5, 0x4F), panel);
                speaker = panel with { Right = x - 24 + Pad };
            }
            Text(c, l.Speaker, panel.Left + 36, panel.Top + 118, 34, regular, new SKColor(0xDD, 0xE6, 0xF5), speaker);
        }
    }

    private void DrawLive(SKCanvas c, LiveCount v, SKRect side)
    {
        var panel = side with { Bottom = Math.Min(side.Bottom, side.Top + 450) };
        using var paint = new SKPaint { IsAntialias = true, Color = Panel };
        c.DrawRoundRect(panel, 14, 14, paint);
        float x = panel.Left + Pad, top = panel.Top;
        float remaining = TextRight(c, v.Remaining, panel.Right - Pad, top + 52, 36, bold, SKColors.White, panel);
        Text(c, "ГОЛОСУВАННЯ", x, top + 52, 36, bold, new SKColor(0xFF, 0xD5, 0x4F), panel with { Right = remaining - 16 + Pad });
        float y = Lines(c, v.Motion, x, top + 102, 28, regular, SKColors.White, panel, 2);
        y = Math.Max(y, top + 200);
        Row(c, "За", v.Yes, y + 30, Yes, panel);
        Row(c, "Проти", v.No, y + 100, No, panel);
        Row(c, "Утрималися", v.Abstain, y + 170, Abstain, panel);
        if (v.Threshold is { } th) Text(c, $"Потрібно: {th}", x, y + 222, 26, regular, Abstain, panel);
    }

    private void DrawResult(SKCanvas c, ResultBoard b, SKRect side)
    {
        var band = Band(side);
        float x = side.Left + Pad;
        // Rows below the fixed part, as many factions as the panel holds.
        const float fixedPart = 490, row = 56;
        int rows = Math.Max(0, Math.Min(b.Factions.Count, (int)((side.Height - fixedPart - 16) / row)));
        var panel = side with { Bottom = side.Top + fixedPart + row * rows + 16 };
        using var paint = new SKPaint { IsAntialias = true, Color = Panel };
        c.DrawRoundRect(panel, 14, 14, paint);
        paint.Color = b.Passed ? PassedColor : FailedColor;
        c.DrawRect(band, paint);
        Text(c, b.Passed ? "ПРИЙНЯТО" : "НЕ ПРИЙНЯТО", x, band.Top + 72, 56, bold, SKColors.White, band);
        float y = Lines(c, b.Motion, x, band.Bottom + 44, 28, regular, SKColors.White, panel, 2);
        y = Lines(c, $"Потрібно: {b.Threshold?.ToString() ?? "—"} ({b.RuleUk})", x, Math.Max(y, band.Bottom + 100) + 6, 26, regular, Abstain, panel, 2);
        float rowsTop = side.Top + 270;
        y = Math.Max(y, rowsTop);
        Row(c, "За", b.Yes, y + 36, Yes, panel);
        Row(c, "Проти", b.No, y + 86, No, panel);
        Row(c, "Утрималися", b.Abstain, y + 136, Abstain, panel);
        Text(c, $"Не голосували: {b.NotVoting}   Відсутні: {b.Absent}", x, y + 180, 26, regular, Abstain, panel);
        y = side.Top + fixedPart;
        foreach (var f in b.Factions.Take(rows))
        {
            Text(c, f.Name, x, y + 30, 24, regular, SKColors.White, panel with { Right = x + 240 + Pad });
            float total = Math.Max(1, f.Yes + f.No + f.Abstain + f.Other), bx = x + 260, w = panel.Right - Pad - bx;
            foreach (var (n, color) in new[] { (f.Yes, Yes), (f.No, No), (f.Abstain, Abstain), (f.Other, new SKColor(0x55, 0x5E, 0x6B)) })
            {
                if (n == 0) continue;
                paint.Color = color;
                var seg = w * n / total;
                c.DrawRect(new SKRect(bx, y + 8, bx + seg, y + 38), paint);
                bx += seg;
            }
            y += row;
        }
    }

    private void DrawRecess(SKCanvas c, RecessSlate r, OverlayLayout layout)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0x0B, 0x1A, 0x33) };
        c.DrawRect(new SKRect(0, 0, OverlayLayout.DesignWidth, OverlayLayout.DesignHeight), paint);
        var area = layout.RecessText;
        paint.Color = new SKColor(0xFF, 0xD5, 0x4F);
        c.DrawRect(new SKRect(area.Left, 420, area.Right, 432), paint);
        Centered(c, r.Title, 380, 96, bold, SKColors.White, area);
        float y = CenteredLines(c, "Засідання призупинено. Трансляцію буде продовжено.", 510, 44, regular, SKColors.White, area, 2);
        y = CenteredLines(c, r.Reason, y + 30, 36, regular, Abstain, area, 2);
        Centered(c, $"З {r.Since}", y + 40, 36, regular, Abstain, area);
    }

    private void Row(SKCanvas c, string label, int n, float y, SKColor color, SKRect panel)
    {
        float x = panel.Left + Pad;
        using var paint = new SKPaint { IsAntialias = true, Color = color };
        c.DrawRect(new SKRect(x, y - 30, x + 12, y + 4), paint);
        float number = TextRight(c, n.ToString(System.Globalization.CultureInfo.InvariantCulture), panel.Right - Pad, y, 40, bold, color, panel);
        Text(c, label, x + 28, y, 34, regular, SKColors.White, panel with { Right = number - 16 + Pad });
    }

    /// <summary>Word-wraps into at most <paramref name="maxLines"/> lines within the panel (the last one shortened); returns the last baseline.</summary>
    private float Lines(SKCanvas c, string text, float x, float y, float size, SKTypeface face, SKColor color, SKRect panel, int maxLines)
    {
        var lines = Wrap(text, panel.Right - Pad - x, size, face, maxLines);
        for (int i = 0; i < lines.Count; i++) Text(c, lines[i], x, y + i * size * 1.3f, size, face, color, panel);
        return y + Math.Max(0, lines.Count - 1) * size * 1.3f;
    }

    private float CenteredLines(SKCanvas c, string text, float y, float size, SKTypeface face, SKColor color, SKRect area, int maxLines)
    {
        var lines = Wrap(text, area.Width - 2 * Pad, size, face, maxLines);
        for (int i = 0; i < lines.Count; i++) Centered(c, lines[i], y + i * size * 1.3f, size, face, color, area);
        return y + Math.Max(0, lines.Count - 1) * size * 1.3f;
    }

    private static List<string> Wrap(string text, float width, float size, SKTypeface face, int maxLines)
    {
        using var font = new SKFont(face, size);
        var result = new List<string>();
        var line = "";
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < words.Length; i++)
        {
            var next = line.Length == 0 ? words[i] : line + " " + words[i];
            if (font.MeasureText(next) <= width || line.Length == 0) { line = next; continue; }
            // The last allowed line takes the rest, shortened with "…".
            if (result.Count == maxLines - 1) { line = string.Join(' ', [line, .. words[i..]]); break; }
            result.Add(Fit(line, width, font));
            line = words[i];
        }
        if (line.Length > 0) result.Add(Fit(line, width, font));
        return result;
    }

    private static string Fit(string text, float width, SKFont font)
    {
        if (font.MeasureText(text) <= width) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > width) text = text[..^1];
        return text.TrimEnd() + "…";
    }

    /// <summary>Draws one line left-aligned at x, shortened to end before the panel's right padding.</summary>
    private void Text(SKCanvas c, string text, float x, float y, float size, SKTypeface face, SKColor color, SKRect panel)
    {
        using var font = new SKFont(face, size) { Edging = SKFontEdging.Antialias };
        text = Fit(text, panel.Right - Math.Min(Pad, (panel.Right - x) / 4) - x, font);
        Draw(c, text, x, y, font, color, panel);
    }

    /// <summary>Draws one line right-aligned to <paramref name="right"/>; returns its left edge.</summary>
    private float TextRight(SKCanvas c, string text, float right, float y, float size, SKTypeface face, SKColor color, SKRect panel)
    {
        using var font = new SKFont(face, size) { Edging = SKFontEdging.Antialias };
        text = Fit(text, right - panel.Left - Pad, font);
        float x = right - font.MeasureText(text);
        Draw(c, text, x, y, font, color, panel);
        return x;
    }

    private void Centered(SKCanvas c, string text, float y, float size, SKTypeface face, SKColor color, SKRect area)
    {
        using var font = new SKFont(face, size) { Edging = SKFontEdging.Antialias };
        // A title too wide for the area is drawn smaller first (down to 60%), then shortened.
        float width = area.Width - 2 * Pad;
        while (font.MeasureText(text) > width && font.Size > size * 0.6f) font.Size -= 2;
        text = Fit(text, width, font);
        Draw(c, text, area.MidX - font.MeasureText(text) / 2, y, font, color, area);
    }

    private void Draw(SKCanvas c, string text, float x, float y, SKFont font, SKColor color, SKRect panel)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = color };
        c.DrawText(text, x, y, font, paint);
        font.MeasureText(text, out var ink);
        runs.Add(new TextRun(text, new SKRect(x + ink.Left, y + ink.Top, x + ink.Right, y + ink.Bottom), panel));
    }

    public void Dispose()
    {
        if (regular != SKTypeface.Default) regular.Dispose();
        if (bold != SKTypeface.Default) bold.Dispose();
    }
}
