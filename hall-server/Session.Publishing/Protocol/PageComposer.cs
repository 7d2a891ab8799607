using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Session.Publishing.Protocol;

/// <summary>
/// Flowing text on A4 pages: a cursor that wraps words, breaks pages and numbers them at the end.
/// The protocol's content (ProtocolDocument) says what to write; this says where it goes.
/// </summary>
internal sealed class PageComposer : IDisposable
{
    public const double Margin = 50;
    private readonly PdfDocument _doc;
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;

    public XFont Body { get; } = new("Noto Sans", 9.5);
    public XFont BodyBold { get; } = new("Noto Sans", 9.5, XFontStyleEx.Bold);
    public XFont Small { get; } = new("Noto Sans", 8);
    public XFont SmallBold { get; } = new("Noto Sans", 8, XFontStyleEx.Bold);
    public XFont Title { get; } = new("Noto Sans", 14, XFontStyleEx.Bold);
    public XFont Heading { get; } = new("Noto Sans", 11, XFontStyleEx.Bold);

    public PageComposer(PdfDocument doc)
    {
        _doc = doc;
        NewPage();
    }

    public double Width => _page.Width.Point - 2 * Margin;
    public double Y => _y;
    public PdfPage Page => _page;
    public int PageIndex => _doc.PageCount - 1;

    public void NewPage()
    {
        _gfx?.Dispose();
        _page = _doc.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private double Bottom => _page.Height.Point - Margin - 14; // room for the page number

    public void EnsureSpace(double height)
    {
        if (_y + height > Bottom) NewPage();
    }

    public void Space(double points) => _y = Math.Min(_y + points, Bottom);

    public void Centered(string text, XFont font)
    {
        double h = font.Size * 1.35;
        EnsureSpace(h);
        _gfx.DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, Width, h), XStringFormats.TopCenter);
        _y += h;
    }

    /// <summary>A paragraph wrapped at word boundaries to the page width minus the indent.</summary>
    public void Text(string text, XFont font, double indent = 0)
    {
        double h = font.Size * 1.35;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            EnsureSpace(h);
            _gfx.DrawString(line, font, XBrushes.Black, Margin + indent, _y + font.Size);
            _y += h;
        }
    }

    /// <summary>Text in columns of equal width, one row; the caller keeps each cell short.</summary>
    public void Row(IReadOnlyList<string> cells, XFont font, double indent = 0)
    {
        double h = font.Size * 1.3;
        EnsureSpace(h);
        double colWidth = (Width - indent) / cells.Count;
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = Fit(cells[i], font, colWidth - 6);
            _gfx.DrawString(cell, font, XBrushes.Black, Margin + indent + i * colWidth, _y + font.Size);
        }
        _y += h;
    }

    public void Rule()
    {
        EnsureSpace(6);
        _gfx.DrawLine(XPens.Gray, Margin, _y + 2, Margin + Width, _y + 2);
        _y += 6;
    }

    /// <summary>A rectangle on the current page for the visible signature, reserved below the cursor.</summary>
    public XRect ReserveBox(double height)
    {
        EnsureSpace(height);
        var r = new XRect(Margin, _y, Width / 2, height);
        _y += height;
        return r;
    }

    private string Fit(string text, XFont font, double width)
    {
        if (_gfx.MeasureString(text, font).Width <= width) return text;
        var s = text;
        while (s.Length > 1 && _gfx.MeasureString(s + "…", font).Width > width) s = s[..^1];
        return s + "…";
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var line = "";
            foreach (var w in words)
            {
                var candidate = line.Length == 0 ? w : line + " " + w;
                if (line.Length > 0 && _gfx.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = w;
                }
                else line = candidate;
            }
            yield return line;
        }
    }

    /// <summary>«Сторінка i з N» at the foot of every page, drawn when the page count is known.</summary>
    public void NumberPages()
    {
        _gfx.Dispose();
        int n = _doc.PageCount;
        for (int i = 0; i < n; i++)
        {
            var page = _doc.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            g.DrawString($"Сторінка {i + 1} з {n}", Small, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 12), XStringFormats.TopCenter);
        }
        _gfx = XGraphics.FromPdfPage(_doc.Pages[n - 1], XGraphicsPdfPageOptions.Append);
    }

    public void Dispose() => _gfx?.Dispose();
}
