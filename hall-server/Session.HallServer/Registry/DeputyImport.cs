using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Storage;

namespace Session.HallServer.Registry;

public sealed record ImportProblem(string Code, string Uk, string En);

public sealed record ImportRow(int Line, string FullName, string Action, ImportProblem[] Errors);

public sealed record ImportReport(bool DryRun, string Format, ImportRow[] Rows, int Created, int Updated, int Errors);

/// <summary>
/// The deputies' import (OpenSlides' way: every row checked and shown with its line number before anything is
/// written; one transaction or nothing). Two header shapes: the simple template, and annex 30's deputies.csv.
/// </summary>
public static class DeputyImport
{
    public static readonly string[] Template = ["fullName", "faction", "mandateStart", "mandateEnd", "gender", "birthDate", "isHead"];
    private static readonly string[] AnnexNames = ["familyName", "name", "additionalName"];

    private sealed record Parsed(int Line, string FullName, string? Faction, DateOnly? Start, DateOnly? End, int Gender, DateOnly? Birth, bool IsHead, string? Id, List<ImportProblem> Errors);

    public static async Task<ImportReport> RunAsync(RegistryDb ctx, string council, string csv, bool dryRun, DateOnly today)
    {
        var rows = CsvReader.Read(csv);
        if (rows.Count == 0) throw Refuse.Bad("empty-file", "Файл порожній", "The file is empty");
        var header = rows[0].Fields;
        string format;
        Func<string[], int, Parsed> parse;
        if (header.SequenceEqual(Template[..header.Length.Clamp(2, Template.Length)]) && header[0] == "fullName")
        {
            format = "template";
            parse = (f, line) => FromTemplate(header, f, line);
        }
        else if (AnnexNames.All(header.Contains))
        {
            format = "annex-30";
            parse = (f, line) => FromAnnex30(header, f, line);
        }
        else
        {
            var misspelt = header.Where(h => h.Length > 0 && !Template.Contains(h)).Take(5);
            throw Refuse.Bad("bad-header",
                $"Невідомий заголовок CSV (рядок 1: {string.Join(", ", misspelt)}). Очікується «{string.Join(",", Template)}» або колонки додатка 30 (familyName, name, additionalName, …)",
                $"Unknown CSV header (line 1: {string.Join(", ", misspelt)}). Expected '{string.Join(",", Template)}' or annex 30 columns (familyName, name, additionalName, …)");
        }

        var convocationStart = await ctx.Convocations.AsNoTracking().Where(c => c.CouncilId == council).OrderByDescending(c => c.Number)
            .Select(c => (DateOnly?)c.DateFrom).FirstOrDefaultAsync();
        var existing = await ctx.Deputies.Where(d => d.CouncilId == council).ToListAsync();
        var factions = await ctx.Factions.Where(f => f.CouncilId == council).ToListAsync();
        var parsed = rows.Skip(1).Select(r => parse(r.Fields, r.Line)).ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in parsed)
        {
            if (p.FullName.Length > 0 && !seen.Add(p.FullName))
                p.Errors.Add(new("duplicate-deputy", $"«{p.FullName}» вже є у файлі вище", $"'{p.FullName}' appears earlier in the file"));
            if (p.Start is null && convocationStart is null && p.Errors.All(e => e.Code != "bad-date"))
                p.Errors.Add(new("required", "Не вказано початок повноважень (mandateStart), а скликання не задано", "No mandateStart and no convocation to take it from"));
            if (p.End is { } end && (p.Start ?? convocationStart) is { } start && end < start)
                p.Errors.Add(new("mandate-ends-before-start", "Повноваження закінчуються раніше, ніж починаються", "The mandate ends before it starts"));
        }
        var heads = parsed.Where(p => p.IsHead).ToList();
        if (heads.Count > 1) foreach (var h in heads.Skip(1)) h.Errors.Add(new("two-heads", "Голова ради може бути лише один", "There can be only one head"));

        var report = new List<ImportRow>();
        int created = 0, updated = 0, order = existing.Count == 0 ? 0 : existing.Max(d => d.SortOrder);
        foreach (var p in parsed)
        {
            if (p.Errors.Count > 0) { report.Add(new ImportRow(p.Line, p.FullName, "error", p.Errors.ToArray())); continue; }
            var factionId = p.Faction is null ? null : factions.FirstOrDefault(f => f.Name == p.Faction)?.Id;
            if (p.Faction is not null && factionId is null)
            {
                var added = await CouncilsApi.AddFactionAsync(ctx, council, p.Faction);
                factions.Add(new FactionEntity { Id = added.Id!, CouncilId = council, Name = added.Name });
                factionId = added.Id;
            }
            var row = existing.FirstOrDefault(d => p.Id is not null && d.Id == p.Id)
                ?? existing.FirstOrDefault(d => string.Equals(d.FullName, p.FullName, StringComparison.OrdinalIgnoreCase));
            var start = p.Start ?? row?.MandateStart ?? convocationStart!.Value;
            if (row is null)
            {
                var id = p.Id ?? await DeputiesApi.NewIdAsync(ctx, council, p.FullName);
                row = new DeputyEntity { Id = id, CouncilId = council, FullName = p.FullName, SortOrder = ++order };
                ctx.Deputies.Add(row);
                existing.Add(row);
                created++;
                Apply(row);
                report.Add(new ImportRow(p.Line, p.FullName, "create", []));
                continue;
            }
            var before = (row.FullName, row.FactionId, row.MandateStart, row.MandateEnd, row.Gender, row.BirthDate, row.IsHead);
            Apply(row);
            bool changed = before != (row.FullName, row.FactionId, row.MandateStart, row.MandateEnd, row.Gender, row.BirthDate, row.IsHead);
            if (changed) updated++;
            report.Add(new ImportRow(p.Line, p.FullName, changed ? "update" : "unchanged", []));

            void Apply(DeputyEntity d)
            {
                (d.FullName, d.FactionId, d.MandateStart, d.MandateEnd, d.Gender, d.BirthDate, d.IsHead) =
                    (p.FullName, factionId, start, p.End, p.Gender, p.Birth, p.IsHead);
            }
        }
        if (heads.Count == 1 && existing.Any(d => d.IsHead && d.FullName != heads[0].FullName && d.MandateEnd is null))
        {
            var line = heads[0].Line;
            var idx = report.FindIndex(r => r.Line == line);
            report[idx] = report[idx] with { Action = "error", Errors = [new("two-heads", "У реєстрі вже є голова ради", "The registry already has a head")] };
        }
        int errors = report.Count(r => r.Action == "error");
        return new ImportReport(dryRun, format, report.ToArray(), errors > 0 ? 0 : created, errors > 0 ? 0 : updated, errors);
    }

    private static int Clamp(this int v, int min, int max) => Math.Min(Math.Max(v, min), max);

    private static Parsed FromTemplate(string[] header, string[] f, int line)
    {
        var errors = new List<ImportProblem>();
        string Col(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < f.Length ? f[i] : "";
        var name = Name(Col("fullName"), errors);
        return new Parsed(line, name, Blank(Col("faction")), Date(Col("mandateStart"), "mandateStart", errors), Date(Col("mandateEnd"), "mandateEnd", errors),
            Gender(Col("gender"), errors), Date(Col("birthDate"), "birthDate", errors), Bool(Col("isHead"), errors), null, errors);
    }

    private static Parsed FromAnnex30(string[] header, string[] f, int line)
    {
        var errors = new List<ImportProblem>();
        string Col(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < f.Length ? f[i] : "";
        var name = Name(string.Join(' ', new[] { Col("familyName"), Col("name"), Col("additionalName") }.Where(s => s.Length > 0)), errors);
        var id = Blank(Col("votingIdentifier")) ?? Blank(Col("id"));
        if (id is not null && !System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]{0,63}$")) id = null;
        var faction = Blank(Col("factionName")) ?? Blank(Col("partyName"));
        if (faction is "null") faction = null;
        return new Parsed(line, name, faction, null, null, Gender(Col("gender"), errors), Date(Col("birthDate"), "birthDate", errors), false, id, errors);
    }

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Name(string s, List<ImportProblem> errors)
    {
        var n = s.Trim();
        if (n.Length == 0) errors.Add(new("required", "Не вказано ПІБ (fullName)", "No full name (fullName)"));
        else if (n.Length > 200) errors.Add(new("invalid", "ПІБ довше за 200 символів", "The full name is longer than 200 characters"));
        return n;
    }

    private static DateOnly? Date(string s, string column, List<ImportProblem> errors)
    {
        if (string.IsNullOrWhiteSpace(s) || s == "null") return null;
        string[] formats = ["yyyy-MM-dd", "dd.MM.yyyy"];
        if (DateOnly.TryParseExact(s.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new("bad-date", $"{column}: «{s}» — не дата (РРРР-ММ-ДД або ДД.ММ.РРРР)", $"{column}: '{s}' is not a date (YYYY-MM-DD or DD.MM.YYYY)"));
        return null;
    }

    private static int Gender(string s, List<ImportProblem> errors) => s.Trim().ToLowerInvariant() switch
    {
        "" or "0" or "null" => 0,
        "1" or "ч" or "чоловіча" or "male" or "m" => 1,
        "2" or "ж" or "жіноча" or "female" or "f" => 2,
        _ => Problem(errors, 0, "bad-gender", $"Стать: «{s}» — очікується 1 (чоловіча) або 2 (жіноча)", $"Gender: '{s}' — expected 1 (male) or 2 (female)"),
    };

    private static bool Bool(string s, List<ImportProblem> errors) => s.Trim().ToLowerInvariant() switch
    {
        "" or "0" or "false" or "ні" or "no" => false,
        "1" or "true" or "так" or "yes" => true,
        _ => Problem(errors, false, "bad-flag", $"isHead: «{s}» — очікується 1 або 0", $"isHead: '{s}' — expected 1 or 0"),
    };

    private static T Problem<T>(List<ImportProblem> errors, T value, string code, string uk, string en)
    {
        errors.Add(new ImportProblem(code, uk, en));
        return value;
    }
}
