using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Session.Publishing.Files;

namespace Session.HallServer.Publishing;

/// <summary>
/// <c>/opendata/{sittingId}/…</c>: the published files as static files with strong ETags (304 on If-None-Match),
/// the right content types, no caching while they may change, and CORS open to all. A publication's temporary
/// files are never served.
/// </summary>
public static class OpenDataFiles
{
    public static IApplicationBuilder UseOpenDataFiles(this IApplicationBuilder app, string root)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".csv"] = "text/csv; charset=utf-8";
        types.Mappings[".json"] = "application/json; charset=utf-8";
        types.Mappings[".jsonl"] = "application/jsonl; charset=utf-8";
        types.Mappings[".p7s"] = "application/pkcs7-signature";
        types.Mappings[".pdf"] = "application/pdf";
        types.Mappings[".zip"] = "application/zip";
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/opendata", out var rest) && AtomicFile.IsTemporary(rest.Value ?? ""))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next();
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            RequestPath = "/opendata",
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.AccessControlAllowOrigin = "*";
                ctx.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        app.UseDirectoryBrowser(new DirectoryBrowserOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = "/opendata" });
        return app;
    }
}
