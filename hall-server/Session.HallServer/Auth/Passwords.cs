using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Session.HallServer.Auth;

/// <summary>What checking a password against its stored hash found.</summary>
public enum PasswordCheck { Wrong, Right, RightButRehash }

/// <summary>
/// Password hashes: ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (versioned PBKDF2, its own salt and
/// iteration count) for every new hash. Hashes of the first landing (<c>pbkdf2-sha256$iterations$salt$hash</c>) still
/// verify and are answered <see cref="PasswordCheck.RightButRehash"/>, so the login replaces them (STYLE.md: never
/// hand-roll a hash).
/// </summary>
public static class Passwords
{
    /// <summary>The hasher needs a user type; ours hashes with no per-user data.</summary>
    private sealed class Account;

    private const string LegacyPrefix = "pbkdf2-sha256$";
    private static readonly PasswordHasher<Account> Hasher = new();
    private static readonly Account Anyone = new();

    public static string Hash(string password) => Hasher.HashPassword(Anyone, password);

    /// <summary>Verified against when the login is unknown, so an unknown login costs the same time as a wrong password.</summary>
    public static readonly string Dummy = Hash(Secrets.NewKey());

    public static PasswordCheck Verify(string password, string stored)
    {
        if (stored.StartsWith(LegacyPrefix, StringComparison.Ordinal))
            return VerifyLegacy(password, stored) ? PasswordCheck.RightButRehash : PasswordCheck.Wrong;
        try
        {
            return Hasher.VerifyHashedPassword(Anyone, stored, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Right,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.RightButRehash,
                _ => PasswordCheck.Wrong,
            };
        }
        catch (FormatException)
        {
            return PasswordCheck.Wrong; // a damaged row never lets anyone in
        }
    }

    /// <summary>The first landing's format: PBKDF2-HMAC-SHA256.</summary>
    private static bool VerifyLegacy(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var iterations) || iterations < 1) return false;
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
