namespace Session.Publishing.OpenData;

/// <summary>
/// Absolute links to a sitting's published files, <c>{BaseUrl}/opendata/{sittingId}/{path}</c>. Portals ingest the CSVs
/// apart from the council's site, so a relative link («protocol.pdf») would point nowhere (DOMAIN.md, annex 29:
/// «Посилання має починатися з http:// або https://»).
/// </summary>
public sealed record PublicLinks
{
    public string BaseUrl { get; }
    public string SittingId { get; }

    public PublicLinks(string baseUrl, string sittingId)
    {
        BaseUrl = Check(baseUrl);
        SittingId = sittingId;
    }

    /// <summary>The URL of a published file by its relative path ('/'-separated).</summary>
    public string For(string relativePath) => BaseUrl + PathOf(SittingId, relativePath);

    /// <summary>The part of a file's URL after the base: <c>/opendata/{sittingId}/{path}</c>, escaped.</summary>
    public static string PathOf(string sittingId, string relativePath) =>
        $"/opendata/{Uri.EscapeDataString(sittingId)}/" + string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The sitting's recording (served beside the open data, not in it) from the given second: <c>{BaseUrl}/recordings/{sittingId}/recording.mp4#t=N</c>.</summary>
    public string RecordingAt(long offsetSeconds) =>
        $"{BaseUrl}/recordings/{Uri.EscapeDataString(SittingId)}/{Model.PublishedRecording.VideoFile}#t={offsetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The base URL without a trailing '/'; an absolute http(s) URL without query or fragment, or an exception naming it.</summary>
    public static string Check(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl)
            || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ArgumentException(
                $"PublishOptions.BaseUrl '{baseUrl}' is not the council's public site as an absolute http(s) URL (e.g. https://rada.example.gov.ua)",
                nameof(baseUrl));
        return baseUrl.TrimEnd('/');
    }
}
