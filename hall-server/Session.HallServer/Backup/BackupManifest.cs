using System.Text.Json;
using System.Text.Json.Serialization;

namespace Session.HallServer.Backup;

/// <summary>One file of a backup: its path inside the data dir (with '/'), size and SHA-256.</summary>
public sealed record BackupFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>What the copy of one sitting's journal holds: its events and the chain's last hash.</summary>
public sealed record BackupJournalHead(
    [property: JsonPropertyName("sittingId")] string SittingId,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("lastHash")] string LastHash);

/// <summary>
/// <c>manifest.json</c>, the archive's first entry: every other entry with its hash, and the journals' heads as checked
/// when the copy was made. Restore refuses an archive whose entries differ from it in any way.
/// </summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("files")] IReadOnlyList<BackupFile> Files,
    [property: JsonPropertyName("journals")] IReadOnlyList<BackupJournalHead> Journals)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "session-backup/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BackupManifest? Parse(byte[] bytes)
    {
        try { return JsonSerializer.Deserialize<BackupManifest>(bytes, Json); }
        catch (JsonException) { return null; }
    }
}
