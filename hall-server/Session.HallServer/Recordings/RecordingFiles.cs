using Microsoft.Net.Http.Headers;

namespace Session.HallServer.Recordings;

/// <summary>
/// <c>/recordings/{sittingId}/…</c> for the audience, on the hall and on the public relay alike (both read DATA_DIR):
/// <c>recording.mp4</c> with range requests (206, <c>Accept-Ranges</c>, an ETag of its SHA-256), <c>recording.json</c>
/// and <c>chapters.vtt</c> (WebVTT chapters from the descriptor). Only an accepted recording is served; 404 otherwise.
/// </summary>
public static class RecordingFiles
{
    public const string ChaptersFile = "chapters.vtt";

    public static void MapRecordingFiles(this IEndpointRouteBuilder app, RecordingStore store)
    {
        var group = app.MapGroup("/recordings/{sittingId}").ExcludeFromDescription();
        string[] methods = [HttpMethods.Get, HttpMethods.Head];

        group.MapMethods("/" + RecordingDescriptor.VideoFile, methods, (string sittingId, HttpContext http) =>
        {
            if (store.Servable(sittingId) is not { } d) return Results.NotFound();
            Open(http);
            var info = new FileInfo(store.VideoPath(sittingId));
            return Results.File(info.FullName, "video/mp4", lastModified: info.LastWriteTimeUtc,
                entityTag: new EntityTagHeaderValue($"\"{d.Sha256}\""), enableRangeProcessing: true);
        });
        group.MapMethods("/" + RecordingDescriptor.FileName, methods, (string sittingId, HttpContext http) =>
        {
            if (store.Servable(sittingId) is null) return Results.NotFound();
            Open(http);
            return Results.File(store.DescriptorPath(sittingId), "application/json; charset=utf-8");
        });
        group.MapMethods("/" + ChaptersFile, methods, (string sittingId, HttpContext http) =>
        {
            if (store.Servable(sittingId) is not { } d) return Results.NotFound();
            Open(http);
            return Results.Text(d.ChaptersVtt(), "text/vtt; charset=utf-8");
        });
    }

    // Like /opendata: any site may embed or link the record; revalidated by its ETag.
    private static void Open(HttpContext http)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = "no-cache";
    }
}
