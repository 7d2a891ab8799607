using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Session.Core.Sittings;
using Session.Publishing.Model;

namespace Session.Publishing.OpenData;

/// <summary>
/// <c>decisions/*.html</c>: one file per agenda item (and per vote outside the agenda) holding the text put to the vote —
/// the item's draft decision as the journal's <c>AgendaItemAdded.DraftText</c> carries it, and the wording of each motion.
/// The annex-29 column <c>text</c> («Назва файлу із прийнятим рішенням та додатками до нього, які оприлюднюються в архіві»,
/// e.g. 757-2.html) names this file, and <c>textUrl</c> links to it; it is signed and in <c>sitting.zip</c> like every file.
/// HTML with its own charset, so a browser shows the Ukrainian text whatever the server's content type says.
/// </summary>
public static class DecisionFiles
{
    public const string Dir = "decisions";

    public static string PathOf(AgendaItem item) => $"{Dir}/item-{FileSafe(item.Id)}.html";

    /// <summary>The file of the decision a vote was on: its agenda item's, or its own for a vote outside the agenda.</summary>
    public static string PathOf(PublishedVote v) => v.Item is { } item ? PathOf(item) : $"{Dir}/vote-{FileSafe(v.VoteId)}.html";

    /// <summary>An id as it is when it is a safe file name; otherwise a stable digest of it (ids are stable, agenda positions are not).</summary>
    private static string FileSafe(string id) =>
        id.Length is > 0 and <= 64 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? id
            : "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];

    public static IReadOnlyDictionary<string, byte[]> Build(SittingRecord r)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in r.Agenda)
            files[PathOf(item)] = Html(r, item.Title, item.ProjectNumber, item.DraftText, r.Votes.Where(v => v.Item?.Id == item.Id));
        foreach (var v in r.Votes.Where(v => v.Item is null))
            files[PathOf(v)] = Html(r, v.Motion, null, null, [v]);
        return files;
    }

    private static byte[] Html(SittingRecord r, string title, string? projectNumber, string? draft, IEnumerable<PublishedVote> votes)
    {
        var body = r.Roster.Body;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"uk\">\n<head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title></head>\n<body>\n");
        h.Append("<h1>").Append(E(title)).Append("</h1>\n");
        if (projectNumber is not null) h.Append("<p>Проєкт рішення № ").Append(E(projectNumber)).Append("</p>\n");
        h.Append("<p>").Append(E(body.Name)).Append(", ").Append(r.Opening.SessionNumber.ToString(CultureInfo.InvariantCulture))
            .Append(" сесія ").Append(body.Convocation.ToString(CultureInfo.InvariantCulture)).Append(" скликання, засідання ")
            .Append(Ua835Writer.Iso(r.Opening.Date)).Append("</p>\n");
        h.Append("<h2>Текст проєкту рішення</h2>\n");
        if (string.IsNullOrWhiteSpace(draft))
            h.Append("<p>Текст проєкту рішення до системи голосування не внесено; рішення — у протоколі засідання (protocol.pdf). ")
                .Append("/ The draft text was not entered into the voting system; the decision is in the sitting's protocol.</p>\n");
        else
            foreach (var para in draft.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                h.Append("<p>").Append(E(para).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        var list = votes.ToArray();
        if (list.Length > 0)
        {
            h.Append("<h2>Поставлено на голосування</h2>\n<ul>\n");
            foreach (var v in list) h.Append("<li>").Append(E(v.Motion)).Append(" (").Append(E(v.Uid)).Append(")</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(h.ToString());
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
