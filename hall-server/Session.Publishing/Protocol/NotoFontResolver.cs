using PdfSharp;
using PdfSharp.Fonts;

namespace Session.Publishing.Protocol;

/// <summary>
/// Every family PDFsharp asks for is answered with Noto Sans (Debian's fonts-noto-core), which draws the whole
/// Ukrainian alphabet: і, ї, є, ґ and the apostrophe ʼ. (DejaVu Sans was seen dropping «ї» from the page here.)
/// </summary>
public sealed class NotoFontResolver : IFontResolver
{
    public const string DefaultDirectory = "/usr/share/fonts/truetype/noto";
    private const string Regular = "NotoSans-Regular";
    private const string Bold = "NotoSans-Bold";
    private const string Italic = "NotoSans-Italic";
    private const string BoldItalic = "NotoSans-BoldItalic";

    private static readonly Lock Gate = new();
    private static bool _installed;
    private readonly string _directory;
    private readonly Dictionary<string, byte[]> _cache = new();

    private NotoFontResolver(string directory) => _directory = directory;

    /// <summary>Loads PDFsharp's AGPL licence and this resolver once per process; checks the fonts are there.</summary>
    public static void Install(string? directory = null)
    {
        lock (Gate)
        {
            if (_installed) return;
            var dir = directory ?? Environment.GetEnvironmentVariable("SESSION_FONT_DIR") ?? DefaultDirectory;
            foreach (var face in new[] { Regular, Bold })
                if (!File.Exists(Path.Combine(dir, face + ".ttf")))
                    throw new FileNotFoundException($"the protocol font {face}.ttf is not in {dir}: install the Debian package fonts-noto-core");
            PdfSharpLicense.SetAgplLicense(); // Session is AGPL-3.0-or-later, as PDFsharp 6.5 requires of free use
            GlobalFontSettings.FontResolver = new NotoFontResolver(dir);
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = (bold, italic) switch
        {
            (true, true) => BoldItalic,
            (true, false) => Bold,
            (false, true) => Italic,
            _ => Regular,
        };
        if (!File.Exists(Path.Combine(_directory, face + ".ttf")))
            return new FontResolverInfo(bold ? Bold : Regular, false, italic);
        return new FontResolverInfo(face);
    }

    public byte[]? GetFont(string faceName)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(faceName, out var bytes)) return bytes;
            bytes = File.ReadAllBytes(Path.Combine(_directory, faceName + ".ttf"));
            _cache[faceName] = bytes;
            return bytes;
        }
    }
}
