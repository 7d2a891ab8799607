using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Session.Publishing.Signing;

namespace Session.Publishing.Verification;

/// <summary>
/// Finds the protocol's signature dictionary (/ByteRange and /Contents), checks that the byte range covers the whole
/// file except the signature itself, and verifies the CMS over those bytes.
/// </summary>
public static partial class PdfSignatureCheck
{
    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    public static DetachedSignature.Result Check(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var matches = ByteRange().Matches(text);
        if (matches.Count == 0) return new DetachedSignature.Result(false, "no signature (/ByteRange) in the PDF", null);
        if (matches.Count > 1) return new DetachedSignature.Result(false, $"{matches.Count} signatures where one was expected", null);
        var m = matches[0];
        long a = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), b = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        long c = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), d = long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
        if (a != 0 || b <= 0 || c <= b || c + d != pdf.Length)
            return new DetachedSignature.Result(false, $"the signed byte range [{a} {b} {c} {d}] does not cover the whole file of {pdf.Length} bytes", null);
        if (pdf[b] != (byte)'<' || pdf[c - 1] != (byte)'>')
            return new DetachedSignature.Result(false, "the gap in the byte range is not the /Contents hex string", null);
        var hex = text.Substring((int)b + 1, (int)(c - b - 2));
        byte[] cms;
        try { cms = Convert.FromHexString(hex); }
        catch (FormatException) { return new DetachedSignature.Result(false, "/Contents is not hexadecimal", null); }
        var signedBytes = new byte[b + d];
        Array.Copy(pdf, 0, signedBytes, 0, b);
        Array.Copy(pdf, c, signedBytes, b, d);
        return DetachedSignature.Check(signedBytes, TrimDer(cms));
    }

    /// <summary>/Contents is zero-padded after the DER; keep exactly the outer SEQUENCE.</summary>
    private static byte[] TrimDer(byte[] padded)
    {
        if (padded.Length < 2 || padded[0] != 0x30) return padded;
        int lenByte = padded[1];
        long length, header;
        if (lenByte < 0x80) { length = lenByte; header = 2; }
        else
        {
            int n = lenByte & 0x7f;
            if (n is 0 or > 4 || padded.Length < 2 + n) return padded;
            length = 0;
            for (int i = 0; i < n; i++) length = (length << 8) | padded[2 + i];
            header = 2 + n;
        }
        return header + length <= padded.Length ? padded[..(int)(header + length)] : padded;
    }
}
