using System.Collections.Concurrent;

namespace Session.Broadcast.Secrets;

/// <summary>
/// Replaces every known secret in a text before it reaches a log, an exception message or the console
/// (STYLE.md 12), including the URL-encoded form FFmpeg may print.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "****";
    private readonly ConcurrentDictionary<string, byte> secrets = new();

    public void Add(Secret? secret)
    {
        if (secret is null) return;
        var s = secret.Reveal();
        secrets[s] = 0;
        var escaped = Uri.EscapeDataString(s);
        if (escaped != s) secrets[escaped] = 0;
    }

    public string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var s in secrets.Keys.OrderByDescending(k => k.Length))
            text = text.Replace(s, Mask, StringComparison.Ordinal);
        return text;
    }
}
