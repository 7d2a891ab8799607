using Session.Broadcast.Options;
using SkiaSharp;

namespace Session.Broadcast.Overlay;

/// <summary>
/// Where everything goes, in 1920×1080 design units (the renderer scales to the output size). All graphics stay inside
/// the graphics-safe area (90% of the frame, ARCHITECTURE.md "Broadcast"). Bottom to top: the caption band (two lines,
/// reserved for captions), the lower third, and the top row with the live bug and the side panel (live count / result
/// board). The interpreter window takes a corner of the safe area; nothing else is laid over it: the bug, the side panel,
/// the lower third, the caption band and the recess slate's text move to the free side.
/// </summary>
public sealed record OverlayLayout(
    SKRect Safe, SKRect? Interpreter, SKRect Bug, SKRect Side, SKRect LowerThird, SKRect LowerThirdCompact, SKRect CaptionBand, SKRect RecessText)
{
    public const float DesignWidth = 1920, DesignHeight = 1080;
    /// <summary>Graphics-safe area: 5% margins each side.</summary>
    public static readonly SKRect SafeArea = new(96, 54, 1824, 1026);
    /// <summary>The interpreter window's side as a share of the frame's side: 0.42² = 17.6% of the area, above one sixth.</summary>
    public const float InterpreterShare = 0.42f;
    private const float Gap = 24;
    /// <summary>Two caption lines and their padding (<see cref="CaptionLayer"/>).</summary>
    public const float CaptionBandHeight = CaptionLayer.BandHeight;
    private const float LowerThirdHeight = 150, LowerThirdCompactHeight = 100;

    public static OverlayLayout For(Corner? interpreter, bool captions = false)
    {
        var safe = SafeArea;
        SKRect? pip = null;
        float left = safe.Left, right = safe.Right; // the horizontal span the bottom bands may use
        if (interpreter is { } corner)
        {
            float w = DesignWidth * InterpreterShare, h = DesignHeight * InterpreterShare;
            float x = corner.IsRight() ? safe.Right - w : safe.Left;
            float y = corner.IsBottom() ? safe.Bottom - h : safe.Top;
            pip = new SKRect(x, y, x + w, y + h);
            if (corner.IsBottom()) { if (corner.IsRight()) right = pip.Value.Left - Gap; else left = pip.Value.Right + Gap; }
        }

        var caption = new SKRect(left, safe.Bottom - CaptionBandHeight, right, safe.Bottom);
        float lowerBottom = captions ? caption.Top - Gap / 2 : safe.Bottom;
        var lower = new SKRect(left, lowerBottom - LowerThirdHeight, right, lowerBottom);
        var compact = new SKRect(left, lowerBottom - LowerThirdCompactHeight, right, lowerBottom);

        // The bug keeps the top-left corner unless the interpreter takes it.
        bool bugRight = interpreter == Corner.TopLeft;
        var bug = bugRight ? new SKRect(safe.Right - 480, safe.Top, safe.Right, safe.Top + 60) : new SKRect(safe.Left, safe.Top, safe.Left + 480, safe.Top + 60);
        // The side panel sits right, under the top row, unless the interpreter is on the right.
        const float sideWidth = 620;
        bool sideLeft = interpreter is { } c2 && c2.IsRight();
        float sideTop = safe.Top + 60 + Gap;
        float sideBottom = lower.Top - Gap;
        var side = sideLeft ? new SKRect(safe.Left, sideTop, safe.Left + sideWidth, sideBottom) : new SKRect(safe.Right - sideWidth, sideTop, safe.Right, sideBottom);

        // The recess slate's text: centred in the part of the safe area beside the interpreter window.
        var recess = pip is { } p
            ? (p.Left > safe.Left + 1 ? new SKRect(safe.Left, safe.Top, p.Left - Gap, safe.Bottom) : new SKRect(p.Right + Gap, safe.Top, safe.Right, safe.Bottom))
            : safe;
        return new OverlayLayout(safe, pip, bug, side, lower, compact, caption, recess);
    }

    /// <summary>The interpreter window in output pixels, on even coordinates (yuv420p), at least a sixth of the frame.</summary>
    public static SKRectI InterpreterPixels(Corner corner, int width, int height)
    {
        var d = For(corner).Interpreter!.Value;
        float s = width / DesignWidth, sy = height / DesignHeight;
        static int Even(float v, bool up) => up ? (int)Math.Ceiling(v / 2) * 2 : (int)Math.Floor(v / 2) * 2;
        int w = Even(d.Width * s, true), h = Even(d.Height * sy, true);
        int x = corner.IsRight() ? Even(d.Right * s, false) - w : Even(d.Left * s, true);
        int y = corner.IsBottom() ? Even(d.Bottom * sy, false) - h : Even(d.Top * sy, true);
        return new SKRectI(x, y, x + w, y + h);
    }
}
