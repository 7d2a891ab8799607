using System.IO.Compression;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using Session.Publishing.Files;
using Session.Publishing.Signing;

namespace Session.HallServer.Tests.Crash;

/// <summary>
/// The open-data folder as a killed server left it: every served file (temp files are never served) must be one
/// whole version — it parses — and every .p7s must be one whole signature. A data file is renamed into place just
/// before its .p7s, so a kill between the two leaves the new file beside the previous version's complete signature:
/// counted as a lag (the publication made again on start signs it), never as a half file.
/// </summary>
public static class PublishedFilesCheck
{
    public static (List<string> Problems, int SignatureLags) AfterKill(string openDataDir)
    {
        var problems = new List<string>();
        int lags = 0;
        if (!Directory.Exists(openDataDir)) return (problems, 0);
        foreach (var path in Directory.EnumerateFiles(openDataDir, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(openDataDir, path);
            if (AtomicFile.IsTemporary(name)) continue;
            var bytes = File.ReadAllBytes(path);
            if (Whole(name, bytes) is { } problem) { problems.Add($"{name}: {problem}"); continue; }
            if (name.EndsWith(".p7s", StringComparison.Ordinal)) continue;
            var sig = path + ".p7s";
            if (!File.Exists(sig)) continue; // written right after its file: a kill between the two leaves it for the next publication
            if (!DetachedSignature.Check(bytes, File.ReadAllBytes(sig)).Valid) lags++;
        }
        return (problems, lags);
    }

    /// <summary>Null when the file is a complete document of its kind.</summary>
    private static string? Whole(string name, byte[] bytes)
    {
        try
        {
            switch (Path.GetExtension(name))
            {
                case ".p7s":
                    new SignedCms().Decode(bytes);
                    return null;
                case ".json":
                    JsonDocument.Parse(bytes).Dispose();
                    return null;
                case ".jsonl":
                    var text = Strict.GetString(bytes);
                    if (text.Length > 0 && !text.EndsWith('\n')) return "the last line is not terminated";
                    foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) JsonDocument.Parse(line).Dispose();
                    return null;
                case ".csv":
                    var csv = Strict.GetString(bytes);
                    return csv.Length > 0 && !csv.EndsWith('\n') ? "the last row is not terminated" : null;
                case ".zip":
                    using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
                        foreach (var entry in zip.Entries) { using var s = entry.Open(); s.CopyTo(Stream.Null); }
                    return null;
                case ".pdf":
                    var tail = Encoding.ASCII.GetString(bytes, Math.Max(0, bytes.Length - 64), Math.Min(64, bytes.Length));
                    return bytes.AsSpan().StartsWith("%PDF-"u8) && tail.Contains("%%EOF", StringComparison.Ordinal) ? null : "not a whole PDF";
                default:
                    Strict.GetString(bytes);
                    return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
