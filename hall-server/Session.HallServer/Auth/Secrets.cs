using System.Security.Cryptography;
using System.Text;

namespace Session.HallServer.Auth;

/// <summary>
/// The hall's secret key (DATA_DIR/hall.key, made on first start) and the hashes built on it.
/// PINs and terminal keys are stored only as HMACs; passwords as PBKDF2.
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

    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 100_000, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256$100000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool VerifyPassword(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256") return false;
        var iterations = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>For logs: the first characters and the length, never the secret (STYLE.md habit 12).</summary>
    public static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : $"{secret[..Math.Min(3, secret.Length)]}…({secret.Length})";
}
