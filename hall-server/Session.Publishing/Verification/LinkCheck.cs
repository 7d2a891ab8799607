using Session.Publishing.Model;
using Session.Publishing.OpenData;
using static Session.Publishing.SittingPublisher;

namespace Session.Publishing.Verification;

/// <summary>
/// The decision files and the links to them: each <c>decisions/*.html</c> is what the journal's agenda (draft text) and
/// motions give; every vote event's <c>text</c> names its decision file and <c>textUrl</c> is the absolute link to it
/// under one public base URL, <c>{base}/opendata/{sittingId}/{text}</c>.
/// </summary>
internal static class LinkCheck
{
    public static void Run(Dictionary<string, byte[]> files, SittingRecord expected, VerifyReport report)
    {
        foreach (var (path, bytes) in DecisionFiles.Build(expected))
        {
            if (!files.TryGetValue(path, out var published)) report.Fail(path, "missing (a decision file the journal's agenda calls for)");
            else if (!published.AsSpan().SequenceEqual(bytes)) report.Fail(path, "differs from the draft text and motions in the journal");
        }

        var byUid = expected.Votes.ToDictionary(v => v.Uid);
        string? baseUrl = null;
        foreach (var (path, def) in new[] { ($"{NormalizedDir}/{Ua835Tables.VoteEvents.Url}", Ua835Tables.VoteEvents), ($"{LegacyDir}/{Ua835Tables.LegacyMotions.Url}", Ua835Tables.LegacyMotions) })
        {
            // Header and row problems are TallyCheck's to report; read quietly here.
            var rows = TallyCheck.Table(files, path, def, new VerifyReport());
            foreach (var row in rows ?? [])
            {
                var uid = row["uid"];
                if (!byUid.TryGetValue(uid, out var truth)) continue;
                var want = DecisionFiles.PathOf(truth);
                if (row["text"] != want) report.Fail(path, $"{uid}: text '{row["text"]}' is not its decision file {want}");
                var folderUrl = PublicLinks.PathOf(expected.SittingId, want);
                var url = row["textUrl"];
                if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !url.EndsWith(folderUrl, StringComparison.Ordinal))
                {
                    report.Fail(path, $"{uid}: textUrl '{url}' is not an absolute link to …{folderUrl}");
                    continue;
                }
                var b = url[..^folderUrl.Length];
                baseUrl ??= b;
                if (b != baseUrl) report.Fail(path, $"{uid}: textUrl '{url}' is under {b}, the other links under {baseUrl}");
            }
        }
        if (baseUrl is not null) report.Note($"links: decision files and textUrl under {baseUrl}");
    }
}
