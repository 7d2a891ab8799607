using System.Text.RegularExpressions;

namespace Session.HallServer.Registry;

/// <summary>Input bounds of the registry: every field a person types has a length, every id a shape.</summary>
public static partial class Check
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex CouncilIdShape();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdShape();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex EdrpouShape();

    [GeneratedRegex("^UA[0-9]{17}$")]
    private static partial Regex KatottgShape();

    public static string Text(string? value, string field, string uk, string en, int max = 200, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0 && required) throw Refuse.Required(field, uk, en);
        if (v.Length > max) throw Refuse.Invalid(field, $"Поле «{uk}» довше за {max} символів", $"The field '{en}' is longer than {max} characters");
        if (v.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            throw Refuse.Invalid(field, $"Поле «{uk}» містить керувальні символи", $"The field '{en}' contains control characters");
        return v;
    }

    public static string? Optional(string? value, string field, string uk, string en, int max = 200) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, field, uk, en, max);

    public static string CouncilId(string? id)
    {
        if (id is null || !CouncilIdShape().IsMatch(id))
            throw Refuse.Invalid("id", "Ідентифікатор ради: 2–32 символи a-z, 0-9, «-», починається з літери", "Council id: 2–32 characters a-z, 0-9, '-', starting with a letter");
        return id;
    }

    public static string Id(string? id, string field = "id")
    {
        if (id is null || !IdShape().IsMatch(id))
            throw Refuse.Invalid(field, "Ідентифікатор: до 64 символів a-z, 0-9, «-»", "Id: up to 64 characters a-z, 0-9, '-'");
        return id;
    }

    public static string? Edrpou(string? v) => string.IsNullOrWhiteSpace(v) ? null : EdrpouShape().IsMatch(v.Trim()) ? v.Trim()
        : throw Refuse.Invalid("edrpou", "Код ЄДРПОУ — 8 цифр", "The EDRPOU code is 8 digits");

    public static string? Katottg(string? v) => string.IsNullOrWhiteSpace(v) ? null : KatottgShape().IsMatch(v.Trim()) ? v.Trim()
        : throw Refuse.Invalid("katottg", "Код КАТОТТГ — «UA» і 17 цифр", "The KATOTTG code is 'UA' and 17 digits");

    public static string? BaseUrl(string? v)
    {
        if (string.IsNullOrWhiteSpace(v)) return null;
        if (!Uri.TryCreate(v.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || v.Length > 200)
            throw Refuse.Invalid("publicBaseUrl", "Адреса сайту має бути повною адресою http(s)://…", "The public base URL must be an absolute http(s):// URL");
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public static int Range(int v, int min, int max, string field, string uk, string en) => v >= min && v <= max ? v
        : throw Refuse.Invalid(field, $"«{uk}»: від {min} до {max}", $"'{en}': from {min} to {max}");

    /// <summary>A readable id from a name: transliterated (the national standard of 2010, simplified), lower case.</summary>
    public static string Slug(string name, string fallbackPrefix)
    {
        var map = new Dictionary<char, string>
        {
            ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "h", ['ґ'] = "g", ['д'] = "d", ['е'] = "e", ['є'] = "ie", ['ж'] = "zh",
            ['з'] = "z", ['и'] = "y", ['і'] = "i", ['ї'] = "i", ['й'] = "i", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n",
            ['о'] = "o", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
            ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ь'] = "", ['ю'] = "iu", ['я'] = "ia", ['\''] = "", ['ʼ'] = "", ['’'] = "",
        };
        var sb = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (map.TryGetValue(c, out var t)) sb.Append(t);
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > 40) slug = slug[..40].Trim('-');
        return slug.Length == 0 ? fallbackPrefix + "-" + Guid.NewGuid().ToString("N")[..8] : slug;
    }
}
