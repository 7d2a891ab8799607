using SkiaSharp;

namespace Session.Broadcast.Overlay;

/// <summary>
/// Draws an <see cref="OverlayScene"/> with SkiaSharp into a premultiplied RGBA frame (FFmpeg's overlay runs with
/// alpha=premultiplied). Layout is designed on a 1920×1080 canvas and scaled to the output size.
/// </summary>
public sealed class OverlayRenderer : IDisposable
{
    public const string RegularFont = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    public const string BoldFont = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

    /// <summary>The result board's verdict band, in 1920×1080 design units: tests and the bench look for its colour here.</summary>
    public static readonly SKRect VerdictBand = new(1240, 120, 1880, 220);
    public static readonly SKColor PassedColor = new(0x1B, 0x87, 0x3F);
    public static readonly SKColor FailedColor = new(0xB3, 0x26, 0x1E);

    private static readonly SKColor Panel = new(0x10, 0x1C, 0x2E, 0xE0);
    private static readonly SKColor Yes = new(0x2E, 0xB8, 0x5C);
    private static readonly SKColor No = new(0xE5, 0x48, 0x3C);
    private static readonly SKColor Abstain = new(0xC8, 0xC8, 0xC8);

    private readonly SKTypeface regular;
    private readonly SKTypeface bold;
    private readonly float scale;

    public int Width { get; }
    public int Height { get; }
    public bool FontsFound { get; }

    public OverlayRenderer(int width, int height)
    {
        Width = width; Height = height;
        scale = width / 1920f;
        FontsFound = File.Exists(RegularFont) && File.Exists(BoldFont);
        regular = (FontsFound ? SKTypeface.FromFile(RegularFont) : null) ?? SKTypeface.Default;
        bold = (FontsFound ? SKTypeface.FromFile(BoldFont) : null) ?? SKTypeface.Default;
    }

    /// <summary>Renders into a new RGBA buffer of Width×Height×4 bytes.</summary>
    public byte[] Render(OverlayScene scene)
    {
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
                if (scene.Recess is { } r) DrawRecess(c, r);
                if (scene.Lower is { } l && scene.Recess is null) DrawLowerThird(c, l);
                if (scene.Live is { } v) DrawLive(c, v);
                if (scene.Result is { } b) DrawResult(c, b);
                DrawBug(c, scene.Clock, scene.HallConnected);
                c.Flush();
            }
        }
        return buffer;
    }

    private void DrawBug(SKCanvas c, string clock, bool connected)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0xD0, 0x1F, 0x1F, 0xF0) };
        c.DrawRoundRect(new SKRect(40, 36, 250, 96), 10, 10, paint);
        paint.Color = SKColors.White;
        c.DrawCircle(70, 66, 10, paint);
        Text(c, "НАЖИВО", 90, 80, 34, bold, SKColors.White);
        paint.Color = Panel;
        c.DrawRoundRect(new SKRect(262, 36, 452, 96), 10, 10, paint);
        Text(c, clock, 278, 80, 34, regular, SKColors.White);
        if (!connected)
        {
            paint.Color = new SKColor(0xF0, 0xA0, 0x00);
            c.DrawCircle(470, 66, 8, paint);
        }
    }

    private void DrawLowerThird(SKCanvas c, LowerThird l)
    {
        float top = l.Speaker is null ? 930 : 880;
        using var paint = new SKPaint { IsAntialias = true, Color = Panel };
        c.DrawRoundRect(new SKRect(40, top, 1880, 1030), 12, 12, paint);
        paint.Color = new SKColor(0x2F, 0x6F, 0xD8);
        c.DrawRect(new SKRect(40, top, 52, 1030), paint);
        Text(c, Fit(l.Item, 1780, 40, bold), 76, top + 56, 40, bold, SKColors.White);
        if (l.Speaker is not null)
        {
            Text(c, Fit(l.Speaker, 1500, 34, regular), 76, top + 118, 34, regular, new SKColor(0xDD, 0xE6, 0xF5));
            if (l.Countdown is not null) Text(c, l.Countdown, 1720, top + 118, 40, bold, new SKColor(0xFF, 0xD5, 0x4F));
        }
    }

    private void DrawLive(SKCanvas c, LiveCount v)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = Panel };
        c.DrawRoundRect(new SKRect(1340, 120, 1880, 560), 14, 14, paint);
        Text(c, "ГОЛОСУВАННЯ", 1370, 172, 36, bold, new SKColor(0xFF, 0xD5, 0x4F));
        Text(c, v.Remaining, 1740, 172, 36, bold, SKColors.White);
        Lines(c, v.Motion, 1370, 222, 28, 480, 2);
        Row(c, "За", v.Yes, 1370, 350, Yes);
        Row(c, "Проти", v.No, 1370, 420, No);
        Row(c, "Утрималися", v.Abstain, 1370, 490, Abstain);
        if (v.Threshold is { } th) Text(c, $"Потрібно: {th}", 1370, 540, 26, regular, Abstain);
    }

    private void DrawResult(SKCanvas c, ResultBoard b)
    {
        float bottom = 640 + 56 * Math.Max(1, b.Factions.Count);
        using var paint = new SKPaint { IsAntialias = true, Color = Panel };
        c.DrawRoundRect(new SKRect(VerdictBand.Left, VerdictBand.Top, VerdictBand.Right, bottom), 14, 14, paint);
        paint.Color = b.Passed ? PassedColor : FailedColor;
        c.DrawRect(VerdictBand, paint);
        Text(c, b.Passed ? "ПРИЙНЯТО" : "НЕ ПРИЙНЯТО", VerdictBand.Left + 30, VerdictBand.Top + 70, 56, bold, SKColors.White);
        Lines(c, b.Motion, 1270, 270, 28, 580, 2);
        Text(c, $"Потрібно: {b.Threshold?.ToString() ?? "—"} ({b.RuleUk})", 1270, 360, 26, regular, Abstain);
        Row(c, "За", b.Yes, 1270, 420, Yes);
        Row(c, "Проти", b.No, 1270, 470, No);
        Row(c, "Утрималися", b.Abstain, 1270, 520, Abstain);
        Text(c, $"Не голосували: {b.NotVoting}   Відсутні: {b.Absent}", 1270, 570, 26, regular, Abstain);
        float y = 620;
        foreach (var f in b.Factions)
        {
            Text(c, Fit(f.Name, 240, 24, regular), 1270, y + 30, 24, regular, SKColors.White);
            float total = Math.Max(1, f.Yes + f.No + f.Abstain + f.Other), x = 1520, w = 330;
            foreach (var (n, color) in new[] { (f.Yes, Yes), (f.No, No), (f.Abstain, Abstain), (f.Other, new SKColor(0x55, 0x5E, 0x6B)) })
            {
                if (n == 0) continue;
                paint.Color = color;
                var seg = w * n / total;
                c.DrawRect(new SKRect(x, y + 8, x + seg, y + 38), paint);
                x += seg;
            }
            y += 56;
        }
    }

    private void DrawRecess(SKCanvas c, RecessSlate r)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0x0B, 0x1A, 0x33) };
        c.DrawRect(new SKRect(0, 0, 1920, 1080), paint);
        paint.Color = new SKColor(0xFF, 0xD5, 0x4F);
        c.DrawRect(new SKRect(0, 420, 1920, 432), paint);
        Centered(c, r.Title, 380, 96, bold, SKColors.White);
        Centered(c, "Засідання призупинено. Трансляцію буде продовжено.", 540, 44, regular, SKColors.White);
        Centered(c, Fit(r.Reason, 1600, 36, regular), 620, 36, regular, Abstain);
        Centered(c, $"З {r.Since}", 700, 36, regular, Abstain);
    }

    private void Row(SKCanvas c, string label, int n, float x, float y, SKColor color)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = color };
        c.DrawRect(new SKRect(x, y - 30, x + 12, y + 4), paint);
        Text(c, label, x + 28, y, 34, regular, SKColors.White);
        Text(c, n.ToString(), x + 420, y, 40, bold, color);
    }

    private void Lines(SKCanvas c, string text, float x, float y, float size, float width, int maxLines)
    {
        using var font = new SKFont(regular, size);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = "";
        int n = 0;
        foreach (var word in words)
        {
            var next = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(next) <= width || line.Length == 0) { line = next; continue; }
            if (n == maxLines - 1) { line = Fit(line + " " + word, width, size, regular); break; }
            Text(c, line, x, y + n * size * 1.3f, size, regular, SKColors.White);
            n++; line = word;
        }
        if (line.Length > 0) Text(c, Fit(line, width, size, regular), x, y + n * size * 1.3f, size, regular, SKColors.White);
    }

    private static string Fit(string text, float width, float size, SKTypeface face)
    {
        using var font = new SKFont(face, size);
        if (font.MeasureText(text) <= width) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > width) text = text[..^1];
        return text.TrimEnd() + "…";
    }

    private static void Text(SKCanvas c, string text, float x, float y, float size, SKTypeface face, SKColor color)
    {
        using var font = new SKFont(face, size) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { IsAntialias = true, Color = color };
        c.DrawText(text, x, y, font, paint);
    }

    private static void Centered(SKCanvas c, string text, float y, float size, SKTypeface face, SKColor color)
    {
        using var font = new SKFont(face, size) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { IsAntialias = true, Color = color };
        c.DrawText(text, 960, y, SKTextAlign.Center, font, paint);
    }

    public void Dispose()
    {
        if (regular != SKTypeface.Default) regular.Dispose();
        if (bold != SKTypeface.Default) bold.Dispose();
    }
}
