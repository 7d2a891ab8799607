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

    /// <summary>A secret URL (YouTube's caption URL): the whole of it, and each query value (the <c>cid</c>) on its own.</summary>
    public void AddUrl(Secret? url)
    {
        if (url is null) return;
        Add(url);
        if (!Uri.TryCreate(url.Reveal(), UriKind.Absolute, out var uri)) return;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            if (pair.Split('=', 2) is [_, { Length: >= 4 } value]) Add(new Secret(Uri.UnescapeDataString(value)));
    }

    public string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var s in secrets.Keys.OrderByDescending(k => k.Length))
            text = text.Replace(s, Mask, StringComparison.Ordinal);
        return text;
    }
}
