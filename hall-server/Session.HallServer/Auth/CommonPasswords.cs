using System.Collections.Frozen;

namespace Session.HallServer.Auth;

/// <summary>
/// The passwords people pick first (Auth/common-passwords.txt, shipped in the assembly; made by
/// scripts/common-passwords.py from patterns: common words, names and places, keyboard walks, digit runs, with
/// the usual suffixes). A staff password on the list is refused, whatever its length.
/// </summary>
public static class CommonPasswords
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool Contains(string password) => List.Value.Contains(password.Trim().ToLowerInvariant());

    public static int Count => List.Value.Count;

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Session.HallServer.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("the common-password list is not in the assembly");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line);
        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
