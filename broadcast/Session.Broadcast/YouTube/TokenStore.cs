using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.YouTube;

/// <summary>
/// The refresh token the device flow obtained, in a JSON file only its owner can read (0600), written whole (temp file
/// created 0600, then renamed) so a crash never leaves half a token or a moment in which others could read it.
/// </summary>
public static class TokenStore
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private sealed record Stored(
        [property: JsonPropertyName("refresh_token")] string RefreshToken,
        [property: JsonPropertyName("scope")] string? Scope,
        [property: JsonPropertyName("obtained")] DateTimeOffset Obtained);

    public static void Save(string path, Secret refreshToken, string? scope, DateTimeOffset now)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.Delete(tmp);
        var json = JsonSerializer.Serialize(new Stored(refreshToken.Reveal(), scope, now));
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = OwnerOnly;
        using (var file = new FileStream(tmp, create)) file.Write(new UTF8Encoding(false).GetBytes(json));
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>The stored refresh token, or an error that names the file and never its content.</summary>
    public static Secret? Load(string json, out string? error)
    {
        error = null;
        try
        {
            if (JsonSerializer.Deserialize<Stored>(json) is { RefreshToken.Length: > 0 } stored) return new Secret(stored.RefreshToken);
        }
        catch (JsonException) { }
        error = "файл токена пошкоджено — повторіть youtube-login / the token file is damaged — run youtube-login again";
        return null;
    }
}
