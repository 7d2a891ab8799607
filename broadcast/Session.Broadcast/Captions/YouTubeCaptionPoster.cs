using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Secrets;
using Session.Core.Wire;

namespace Session.Broadcast.Captions;

/// <summary>
/// Posts final caption lines to YouTube's caption URL, one POST per line, in order, off the stream's path: lines wait
/// in a bounded queue (the oldest is dropped when it is full — a caption minutes late helps nobody), a failed POST is
/// retried with the same <c>seq</c> after 1, 2, 4 … <see cref="MaxBackoff"/> s, and given up after
/// <see cref="MaxAttempts"/>; the encoder never waits on it. The URL is a secret: only the masked logger sees errors.
/// </summary>
public sealed class YouTubeCaptionPoster(Secret url, HttpClient http, ILogger<YouTubeCaptionPoster> log)
{
    public const int MaxAttempts = 6;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(16);
    private readonly Channel<CaptionLine> queue = Channel.CreateBounded<CaptionLine>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private long seq;

    public long Posted { get; private set; }
    public long Failed { get; private set; }

    /// <summary>Queues a final line; partial lines are for the picture only.</summary>
    public void Offer(CaptionLine line)
    {
        if (!line.Partial && line.Text.Length > 0) queue.Writer.TryWrite(line);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var line in queue.Reader.ReadAllAsync(ct))
                await PostAsync(++seq, line, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task PostAsync(long n, CaptionLine line, CancellationToken ct)
    {
        var body = YouTubeCaptionFormat.Body(line.At, line.Text);
        var delay = TimeSpan.FromSeconds(1);
        for (int attempt = 1; ; attempt++)
        {
            string problem;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                using var request = new HttpRequestMessage(HttpMethod.Post, YouTubeCaptionFormat.WithSeq(url.Reveal(), n)) { Content = content };
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    Posted++;
                    if (attempt > 1) log.LogInformation("Caption {Seq} posted after {Attempts} attempts", n, attempt);
                    return;
                }
                problem = $"HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                problem = e is OperationCanceledException ? "no answer in 10 s" : e.Message;
            }
            if (attempt == MaxAttempts)
            {
                Failed++;
                log.LogWarning("Caption {Seq} not accepted by the caption URL after {Attempts} attempts ({Problem}); it stays in the picture and the WebVTT file", n, attempt, problem);
                return;
            }
            log.LogWarning("Caption {Seq} post failed ({Problem}); retrying in {Delay} s", n, problem, delay.TotalSeconds);
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
