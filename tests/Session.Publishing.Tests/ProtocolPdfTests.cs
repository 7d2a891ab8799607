using Session.Publishing.Tests.Support;
using UglyToad.PdfPig;

namespace Session.Publishing.Tests;

public sealed class ProtocolPdfTests(Published published) : IClassFixture<Published>
{
    private string Pdf => published.File("protocol.pdf");

    [Fact]
    public void Pdfsig_reports_the_signature_valid()
    {
        var (code, output) = Processes.Run("pdfsig", Pdf);
        Assert.True(code == 0, output);
        Assert.Contains("Signature is Valid", output);
        Assert.Contains("SHA-256", output);
        Assert.Contains("Total document signed", output);
    }

    [Fact]
    public void Pdfsig_reports_an_altered_protocol_invalid()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(Pdf);
        var copy = Path.Combine(dir.Path, "altered.pdf");
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        int at = text.IndexOf("/Creator", StringComparison.Ordinal);
        Assert.True(at > 0);
        bytes[at + 2] ^= 0x20; // /Creator → /CReator: same length, outside the signature
        File.WriteAllBytes(copy, bytes);
        var (_, output) = Processes.Run("pdfsig", copy);
        Assert.DoesNotContain("Signature is Valid", output);
    }

    [Fact]
    public void PdfPig_finds_the_header_the_roll_call_and_the_final_hash()
    {
        using var doc = PdfDocument.Open(Pdf);
        var text = string.Join("\n", doc.GetPages().Select(p => p.Text));
        Assert.Contains("ПРОТОКОЛ", text);
        Assert.Contains("Їжівська сільська рада".ToUpperInvariant().Replace(" ", ""), text.Replace(" ", ""));
        Assert.Contains("Ґудзь", text);
        Assert.Contains("Пʼятничук", text);
        Assert.Contains("Фракція «Зелена Ґрунтовність»", text.Replace("\n", " "));
        Assert.Contains("конфлікт інтересів", text);
        Assert.Contains("Внесено секретарем", text);
        Assert.Contains("ГОЛОСУВАННЯ СКАСОВАНО", text);
        Assert.Contains("Переголосування", text);
        Assert.Contains("Оголошено перерву", text);
        Assert.Contains("Таємне голосування", text);
        var journal = File.ReadAllLines(published.File("journal.jsonl"));
        var finalHash = journal[^1][^66..^2];
        Assert.Contains(finalHash, text);
        Assert.Contains($"Сторінка 1 з {doc.NumberOfPages}", text);
    }

    /// <summary>
    /// The letters must be drawn, not only present as text (DejaVu was seen dropping «ї» from the page while text
    /// extraction still found it): rasterize with pdftoppm and look for ink inside each letter's box, and check that
    /// і, ї, є, ґ and ʼ are each drawn differently (a dropped or substituted glyph would not be).
    /// </summary>
    [Fact]
    public void Ukrainian_letters_are_drawn_on_the_page()
    {
        using var dir = new TempDir();
        using var doc = PdfDocument.Open(Pdf);
        const int dpi = 150;
        double scale = dpi / 72.0;
        var rendered = new Dictionary<int, Pgm>();
        var inks = new Dictionary<string, string>();
        foreach (var letter in new[] { "і", "ї", "є", "ґ", "Ї", "Є", "Ґ", "ʼ" })
        {
            var (page, glyph) = doc.GetPages().Select(p => (p, p.Letters.FirstOrDefault(l => l.Value == letter && l.BoundingBox.Width > 0)))
                .FirstOrDefault(x => x.Item2 is not null);
            Assert.True(glyph is not null, $"no «{letter}» in the protocol");
            if (!rendered.TryGetValue(page.Number, out var pgm))
            {
                var prefix = Path.Combine(dir.Path, $"p{page.Number}");
                var (code, output) = Processes.Run("pdftoppm", "-r", dpi.ToString(), "-f", page.Number.ToString(), "-l", page.Number.ToString(), "-gray", Pdf, prefix);
                Assert.True(code == 0, output);
                pgm = rendered[page.Number] = Pgm.Read(Directory.GetFiles(dir.Path, $"p{page.Number}-*.pgm").Single());
            }
            var box = glyph!.BoundingBox;
            var ink = pgm.Ink((int)(box.Left * scale), (int)((page.Height - box.Top) * scale), (int)Math.Ceiling(box.Right * scale), (int)Math.Ceiling((page.Height - box.Bottom) * scale));
            Assert.True(ink.Count(c => c == '#') >= 3, $"«{letter}» has no ink in its box:\n{ink}");
            inks[letter] = ink;
        }
        Assert.Equal(inks.Count, inks.Values.Distinct().Count());
        // ї has two dots where і has one: more separate marks above the stem.
        Assert.NotEqual(inks["і"], inks["ї"]);
    }
}

/// <summary>A binary PGM (P5) image from pdftoppm -gray.</summary>
internal sealed class Pgm(int width, int height, byte[] pixels)
{
    public static Pgm Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int pos = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[pos])) pos++;
            int start = pos;
            while (!char.IsWhiteSpace((char)bytes[pos])) pos++;
            return System.Text.Encoding.ASCII.GetString(bytes, start, pos - start);
        }
        if (Token() != "P5") throw new FormatException("not a binary PGM");
        int w = int.Parse(Token()), h = int.Parse(Token());
        Token();
        pos++;
        return new Pgm(w, h, bytes[pos..(pos + w * h)]);
    }

    /// <summary>The box as text: '#' for dark pixels, '.' for light.</summary>
    public string Ink(int x0, int y0, int x1, int y1)
    {
        var sb = new System.Text.StringBuilder();
        for (int y = Math.Max(0, y0); y < Math.Min(height, y1); y++)
        {
            for (int x = Math.Max(0, x0); x < Math.Min(width, x1); x++) sb.Append(pixels[y * width + x] < 128 ? '#' : '.');
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
