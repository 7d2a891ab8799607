using System.Security.Cryptography;
using System.Text;

namespace Session.HallServer.Auth;

/// <summary>
/// The hall's secret key (DATA_DIR/hall.key, made on first start) and the hashes built on it.
/// PINs, terminal keys and login tokens are stored only as HMACs; passwords by <see cref="Passwords"/>.
/// </summary>
public sealed class Secrets
{
    private readonly byte[] _key;

    public Secrets(string dataDir)
    {
        var path = Path.Combine(dataDir, "hall.key");
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            File.WriteAllBytes(path, fresh);
            MakePrivate(path);
        }
        _key = File.ReadAllBytes(path);
    }

    /// <summary>Only the hall's own user may read a key file.</summary>
    public static void MakePrivate(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public string Hmac(string purpose, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + "\n" + value)));

    public string PinHash(string pin) => Hmac("pin", pin.Trim());

    public string KeyHash(string terminalKey) => Hmac("terminal", terminalKey.Trim());

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    /// <summary>For logs: the first characters and the length, never the secret (STYLE.md habit 12).</summary>
    public static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : $"{secret[..Math.Min(3, secret.Length)]}…({secret.Length})";
}
