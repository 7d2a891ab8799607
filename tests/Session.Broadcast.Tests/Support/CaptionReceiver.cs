using System.Net;

namespace Session.Broadcast.Tests.Support;

/// <summary>
/// A local stand-in for YouTube's caption ingestion: an HTTP listener on 127.0.0.1 that records every POST (query,
/// content type, body) and answers the first <c>failFirst</c> with 503, so a test sees the poster retry.
/// </summary>
public sealed class CaptionReceiver : IDisposable
{
    public sealed record Post(string Query, string? ContentType, string Body, int Status);

    private readonly HttpListener listener = new();
    private readonly List<Post> posts = [];
    private readonly Task serving;
    private int failuresLeft;

    public string Url { get; }

    public CaptionReceiver(string cid, int failFirst)
    {
        failuresLeft = failFirst;
        int port = Ports.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Url = $"http://127.0.0.1:{port}/closedcaption?cid={cid}";
        serving = Task.Run(ServeAsync);
    }

    public IReadOnlyList<Post> Posts { get { lock (posts) return posts.ToList(); } }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, System.Text.Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int status = Interlocked.Decrement(ref failuresLeft) >= 0 ? 503 : 200;
            lock (posts) posts.Add(new Post(context.Request.Url!.Query, context.Request.ContentType, body, status));
            context.Response.StatusCode = status;
            // YouTube answers with its own timestamp.
            var answer = System.Text.Encoding.UTF8.GetBytes(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff") + "\n");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
