using System.Security.Cryptography;

namespace Session.HallServer.Auth;

/// <summary>
/// Recovery codes: ten per enrolment, shown once, stored as HMACs (<see cref="Secrets"/>), each usable once. Ten
/// characters from an alphabet without look-alikes (about 50 bits each), written in two halves: <c>K7QM3-XW9TA</c>.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string New()
    {
        Span<char> c = stackalloc char[10];
        for (int i = 0; i < c.Length; i++) c[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(c[..5]) + "-" + new string(c[5..]);
    }

    /// <summary>Upper case, without spaces and dashes: how a code is hashed and compared.</summary>
    public static string Normalize(string? code) => new((code ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    public static bool LooksLikeCode(string? code) => Normalize(code) is { Length: 10 } c && c.All(Alphabet.Contains);

    public static string Hash(Secrets secrets, string login, string code) => secrets.Hmac("recovery", login + "\n" + Normalize(code));
}
