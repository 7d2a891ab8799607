using System.Text;
using System.Text.Json;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Publishing.Verification;

namespace Session.Fuzz.Targets;

/// <summary>
/// A journal, line by line. Each line is taken as an event's canonical text and sealed into the hash chain here (so the
/// fuzzer gets past SHA-256 to the parsing; a line that already carries <c>"hash":</c> is left as it is), then read
/// back both ways the product reads journals: the SQLite store's way (<see cref="HashChain.Read"/> per row, then the
/// sitting's fold, as a grain replays) and the <c>verify</c> command's way (<see cref="FolderVerifier"/> over a folder
/// holding that journal.jsonl). A bad journal must be reported, never crash the reader.
/// </summary>
public sealed class JournalLines : IFuzzTarget, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("session-fuzz-journal-").FullName;

    public string Name => "journal";

    public void Run(ReadOnlySpan<byte> input)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n');
        var sittingId = SittingIdOf(lines[0]);
        var published = new StringBuilder();
        var prev = HashChain.Genesis(sittingId);
        var sealedLines = new List<(string Canonical, string Hash)>();
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            if (line.Contains("\"hash\":", StringComparison.Ordinal) || !line.EndsWith('}')) { published.Append(line).Append('\n'); continue; }
            var hash = HashChain.Next(prev, line);
            sealedLines.Add((line, hash));
            published.Append(line.AsSpan(0, line.Length - 1)).Append(",\"hash\":\"").Append(hash).Append("\"}\n");
            prev = hash;
        }

        Replay(sittingId, sealedLines);

        File.WriteAllText(Path.Combine(_folder, "journal.jsonl"), published.ToString(), new UTF8Encoding(false));
        var report = FolderVerifier.Verify(_folder);
        if (report.Ok) throw new FuzzInvariantException("a folder with a journal and nothing else passed verify");
    }

    /// <summary>As <c>IJournalStore.Read</c> and then <c>SittingGrain</c>'s activation: read every row, fold them in order.</summary>
    private static void Replay(string sittingId, List<(string Canonical, string Hash)> rows)
    {
        var prev = HashChain.Genesis(sittingId);
        var sitting = Sitting.Empty(sittingId);
        for (int i = 0; i < rows.Count; i++)
        {
            JournalEntry entry;
            try { entry = HashChain.Read(rows[i].Canonical, rows[i].Hash, prev, i + 1); }
            catch (JournalCorruptException e) when (e.Seq >= 1) { return; }
            // The same refusals the verifier reports as a bad journal (FolderVerifier.CheckJournal).
            try { sitting.Apply(entry); }
            catch (Exception e) when (e is JournalCorruptException or FormatException or JsonException or KeyNotFoundException or InvalidOperationException) { return; }
            prev = entry.Hash;
        }
    }

    private static string SittingIdOf(string first)
    {
        try
        {
            using var doc = JsonDocument.Parse(first);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("data", out var data)
                && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("sittingId", out var id) && id.ValueKind == JsonValueKind.String)
                return id.GetString()!;
        }
        catch (JsonException) { }
        return "s-fuzz";
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
