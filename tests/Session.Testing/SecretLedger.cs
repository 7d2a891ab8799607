using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Session.Testing;

/// <summary>
/// Every secret a test hands to a server or receives from it (passwords, login tokens, PINs, terminal keys), for
/// the check that none of them reaches a server's output (issue 10: nothing secret in logs). Process-wide: a test's
/// check covers the secrets of every test that ran before it in the same run.
/// </summary>
public static class SecretLedger
{
    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret; short ones (PINs) are matched as whole numbers only.</summary>
    public static string Add(string secret)
    {
        if (!string.IsNullOrWhiteSpace(secret) && secret.Length >= 4) Secrets.TryAdd(secret, 0);
        return secret;
    }

    public static IReadOnlyCollection<string> All => Secrets.Keys.ToList();

    /// <summary>The secrets found in these lines, each with the line it was found in.</summary>
    public static List<string> FoundIn(IEnumerable<string> lines)
    {
        var text = lines.ToList();
        var found = new List<string>();
        foreach (var s in Secrets.Keys)
        {
            var pattern = s.Length < 10 && s.All(char.IsAsciiDigit) ? $"(?<![0-9]){s}(?![0-9])" : Regex.Escape(s);
            var hit = text.FirstOrDefault(l => Regex.IsMatch(l, pattern));
            if (hit is not null) found.Add($"«{s[..Math.Min(3, s.Length)]}…» ({s.Length} chars) in: {hit}");
        }
        return found;
    }
}
