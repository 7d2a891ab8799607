using OtpNet;
using QRCoder;

namespace Session.HallServer.Auth;

/// <summary>
/// Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s) through Otp.NET, and the enrolment's QR code through
/// QRCoder. A code is accepted for the current step and one step either side (a phone's clock drifts); which step it
/// matched is returned, so the caller can refuse a step already used (each code works once).
/// </summary>
public static class Totp
{
    public const int SeedBytes = 20;
    public static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public static byte[] NewSeed() => KeyGeneration.GenerateRandomKey(SeedBytes);

    public static string Base32(byte[] seed) => Base32Encoding.ToString(seed).TrimEnd('=');

    public static byte[]? FromBase32(string? text)
    {
        var t = (text ?? "").Replace(" ", "").Trim().ToUpperInvariant();
        if (t.Length < 16 || t.Length > 128 || !t.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7' or '=')) return null;
        return Base32Encoding.ToBytes(t);
    }

    /// <summary>The key URI authenticator apps read (Google's "Key Uri Format").</summary>
    public static string Uri(string issuer, string account, byte[] seed)
    {
        var label = System.Uri.EscapeDataString(issuer) + ":" + System.Uri.EscapeDataString(account);
        return $"otpauth://totp/{label}?secret={Base32(seed)}&issuer={System.Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";
    }

    /// <summary>The URI as a PNG QR code, as a data: URL an &lt;img&gt; shows under the pages' CSP (img-src data:).</summary>
    public static string QrPngDataUrl(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>True when the text has the shape of a code (six digits, spaces allowed).</summary>
    public static bool LooksLikeCode(string? code) => Normalize(code) is { Length: 6 } c && c.All(char.IsAsciiDigit);

    public static string Normalize(string? code) => (code ?? "").Replace(" ", "").Trim();

    /// <summary>The time step the code matches within the window at <paramref name="now"/>, or null.</summary>
    public static long? MatchedStep(byte[] seed, string code, DateTimeOffset now)
    {
        if (!LooksLikeCode(code)) return null;
        var totp = new OtpNet.Totp(seed);
        return totp.VerifyTotp(now.UtcDateTime, Normalize(code), out var step, Window) ? step : null;
    }
}
