using SkiaSharp;

namespace Session.Broadcast.Overlay;

/// <summary>
/// The caption band (issue 14): at most two lines of Noto Sans, word-wrapped by measured width, white on a dark box at
/// the bottom of the graphics-safe area (EBU R 95: 5% of the height and width inside the frame). When the text wraps
/// to more lines, the last two are shown, as a re-speaker's rolling captions read. Drawn in 1920×1080 design units on
/// the overlay's canvas, after everything else, so nothing covers a caption.
/// </summary>
public sealed class CaptionLayer(SKTypeface face)
{
    public const float FontSize = 46;
    public const float LineHeight = 60;
    public const int MaxLines = 2;
    public const float Padding = 22;
    /// <summary>Two lines and their padding: the height <see cref="OverlayLayout"/> keeps for the band.</summary>
    public const float BandHeight = MaxLines * LineHeight + 2 * Padding;

    /// <summary>The graphics-safe area's bottom and sides, in design units.</summary>
    public const float SafeBottom = 1026, SafeLeft = 96, SafeRight = 1824;

    /// <summary>The whole band when two lines show and no interpreter window stands beside it: tests look for the caption here.</summary>
    public static readonly SKRect Band = new(SafeLeft, SafeBottom - BandHeight, SafeRight, SafeBottom);

    private static readonly SKColor Box = new(0x00, 0x00, 0x00, 0xC8);

    public void Draw(SKCanvas c, string text) => Draw(c, text, Band);

    /// <summary>Draws into <paramref name="band"/> (the layout's, narrower beside a bottom interpreter window), bottom-aligned.</summary>
    public void Draw(SKCanvas c, string text, SKRect band)
    {
        using var font = new SKFont(face, FontSize) { Edging = SKFontEdging.Antialias };
        var lines = Wrap(text, font, band.Width - 2 * Padding);
        if (lines.Count == 0) return;
        var shown = lines.Skip(Math.Max(0, lines.Count - MaxLines)).ToList();
        float top = band.Bottom - shown.Count * LineHeight - 2 * Padding;
        using var paint = new SKPaint { IsAntialias = true, Color = Box };
        c.DrawRoundRect(new SKRect(band.Left, top, band.Right, band.Bottom), 8, 8, paint);
        paint.Color = SKColors.White;
        for (int i = 0; i < shown.Count; i++)
            c.DrawText(shown[i], band.MidX, top + Padding + (i + 1) * LineHeight - 14, SKTextAlign.Center, font, paint);
    }

    /// <summary>Greedy word wrap by the font's measured width; a word wider than a line is cut by characters.</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (font.MeasureText(rest) > width)
            {
                int n = rest.Length - 1;
                while (n > 1 && font.MeasureText(rest[..n]) > width) n--;
                if (line.Length > 0) { lines.Add(line); line = ""; }
                lines.Add(rest[..n]);
                rest = rest[n..];
            }
            var next = line.Length == 0 ? rest : line + " " + rest;
            if (font.MeasureText(next) <= width) line = next;
            else { lines.Add(line); line = rest; }
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }
}
