using System.Threading.Channels;
using FFMpegCore;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Ffmpeg;
using Session.Broadcast.Health;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.Outputs;

/// <summary>
/// Keeps the RTMP ingest connected: runs the copy-relay FFmpeg on the live feed and, when it exits (ingest down,
/// network gone), starts it again after a backoff of 1, 2, 4 … up to the configured maximum seconds.
/// The key is never on the relay's command line: it publishes through an <see cref="IngestProxy"/> under a stand-in name.
/// </summary>
public sealed class RtmpRelay(LiveFeed feed, string ingestBase, Secret streamKey, SecretMasker masker, HealthBoard health, TimeSpan maxBackoff, ILogger<RtmpRelay> log)
{
    private readonly string ingestUrl = ingestBase.TrimEnd('/') + "/" + streamKey.Reveal();

    private static readonly TimeSpan StableRun = TimeSpan.FromSeconds(30);

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        bool first = true;
        while (!ct.IsCancellationRequested)
        {
            health.Ingest(first ? IngestState.Connecting : IngestState.Reconnecting, reconnect: !first);
            first = false;
            var reader = feed.Subscribe();
            var started = TimeProvider.System.GetTimestamp();
            bool wasLive = false;
            var proxy = new IngestProxy(ingestBase, streamKey);
            try
            {
                proxy.Start();
                var processor = RelayCommand.Build(new ChannelPipeSource(reader), proxy.LocalUrl, proxy.TcUrl)
                    .NotifyOnStandardError(line =>
                    {
                        if (!wasLive && (line.StartsWith("Output #0", StringComparison.Ordinal) || StderrLine.ParseProgress(line) is { Frame: > 0 }))
                        {
                            wasLive = true;
                            health.Ingest(IngestState.Live);
                            log.LogInformation("Ingest connected to {Url}", masker.Apply(ingestUrl));
                        }
                        if (StderrLine.ParseProgress(line) is null && Worth(line)) log.LogWarning("relay: {Line}", masker.Apply(line));
                    })
                    .CancellableThrough(ct, TimeSpan.FromSeconds(3));
                log.LogInformation("Starting RTMP relay: ffmpeg {Arguments}", masker.Apply(processor.Arguments));
                var result = await processor.ProcessAsynchronously(throwOnError: false);
                if (ct.IsCancellationRequested) break;
                if (feed.Completed) { log.LogInformation("Ingest relay finished the stream (exit code {Code})", result.ExitCode); break; }
                log.LogWarning("Ingest relay exited with code {Code}{Failure}; reconnecting in {Delay} s", result.ExitCode,
                    proxy.Failure is null ? "" : $" ({masker.Apply(ingestUrl)}: {masker.Apply(proxy.Failure)})", backoff.TotalSeconds);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // FFMpegCore's exceptions quote FFmpeg's output, which names the ingest URL: only the masked text leaves here.
                log.LogWarning("Ingest relay failed: {Error}; reconnecting in {Delay} s", masker.Apply(e.Message), backoff.TotalSeconds);
            }
            finally { feed.Unsubscribe(reader); await proxy.DisposeAsync(); }

            if (wasLive && TimeProvider.System.GetElapsedTime(started) > StableRun) backoff = TimeSpan.FromSeconds(1);
            health.Ingest(IngestState.Reconnecting);
            try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { break; }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, maxBackoff.Ticks));
        }
        health.Ingest(IngestState.Disabled);
    }

    private static bool Worth(string line) =>
        line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("failed", StringComparison.OrdinalIgnoreCase)
        || line.Contains("refused", StringComparison.OrdinalIgnoreCase) || line.Contains("broken pipe", StringComparison.OrdinalIgnoreCase);

    /// <summary>The relay's stdin: the chunks of the live feed, as MPEG-TS.</summary>
    private sealed class ChannelPipeSource(ChannelReader<byte[]> reader) : IPipeSource
    {
        public string GetStreamArguments() => "-f mpegts";

        public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var chunk in reader.ReadAllAsync(cancellationToken))
                    await outputStream.WriteAsync(chunk, cancellationToken);
            }
            catch (IOException) { }
            catch (OperationCanceledException) { }
        }
    }
}
