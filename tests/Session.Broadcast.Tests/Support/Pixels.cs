using SkiaSharp;

namespace Session.Broadcast.Tests.Support;

public static class Pixels
{
    /// <summary>Mean RGB of a rectangle (in 1920×1080 design units) of an RGBA frame.</summary>
    public static (double R, double G, double B, double A) Mean(byte[] rgba, int width, int height, SKRect design)
    {
        float s = width / 1920f;
        int x0 = (int)(design.Left * s) + 2, x1 = (int)(design.Right * s) - 2, y0 = (int)(design.Top * s) + 2, y1 = (int)(design.Bottom * s) - 2;
        double r = 0, g = 0, b = 0, a = 0; long n = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                int i = (y * width + x) * 4;
                r += rgba[i]; g += rgba[i + 1]; b += rgba[i + 2]; a += rgba[i + 3]; n++;
            }
        return (r / n, g / n, b / n, a / n);
    }

    public static bool Near((double R, double G, double B) c, SKColor want, double tolerance) =>
        Math.Abs(c.R - want.Red) < tolerance && Math.Abs(c.G - want.Green) < tolerance && Math.Abs(c.B - want.Blue) < tolerance;
}
