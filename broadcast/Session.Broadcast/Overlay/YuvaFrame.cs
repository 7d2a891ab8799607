namespace Session.Broadcast.Overlay;

/// <summary>
/// Converts Skia's premultiplied RGBA into planar yuva420p (BT.601, limited range, straight alpha) once per render, so
/// FFmpeg does no colour conversion per video frame: measured here, swscale's RGBA→YUVA of a full 1080p overlay at
/// 25 fps halved the encoder's speed, while a yuva420p overlay cost about nothing.
/// </summary>
public static class YuvaFrame
{
    public static int Size(int width, int height) => width * height * 5 / 2;

    public static byte[] FromPremultipliedRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        if (width % 2 != 0 || height % 2 != 0) throw new ArgumentException("yuv420 needs even sizes");
        if (rgba.Length != width * height * 4) throw new ArgumentException($"expected {width}x{height} RGBA", nameof(rgba));
        var dst = new byte[Size(width, height)];
        var yPlane = dst.AsSpan(0, width * height);
        var uPlane = dst.AsSpan(width * height, width * height / 4);
        var vPlane = dst.AsSpan(width * height * 5 / 4, width * height / 4);
        var aPlane = dst.AsSpan(width * height * 3 / 2, width * height);
        int cw = width / 2;
        for (int y = 0; y < height; y += 2)
        {
            for (int x = 0; x < width; x += 2)
            {
                int sr = 0, sg = 0, sb = 0, sa = 0;
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int p = (y + dy) * width + x + dx;
                        int i = p * 4;
                        int a = rgba[i + 3];
                        aPlane[p] = (byte)a;
                        if (a == 0) { yPlane[p] = 16; continue; }
                        int pr = rgba[i], pg = rgba[i + 1], pb = rgba[i + 2];
                        sr += pr; sg += pg; sb += pb; sa += a;
                        int r = pr * 255 / a, g = pg * 255 / a, b = pb * 255 / a;
                        yPlane[p] = (byte)(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
                    }
                int c = (y / 2) * cw + x / 2;
                if (sa == 0) { uPlane[c] = 128; vPlane[c] = 128; continue; }
                // Alpha-weighted mean of the straight colours of the 2×2 block.
                int mr = sr * 255 / sa, mg = sg * 255 / sa, mb = sb * 255 / sa;
                uPlane[c] = (byte)(((-38 * mr - 74 * mg + 112 * mb + 128) >> 8) + 128);
                vPlane[c] = (byte)(((112 * mr - 94 * mg - 18 * mb + 128) >> 8) + 128);
            }
        }
        return dst;
    }
}
