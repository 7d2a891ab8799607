using System.Threading.Channels;
using FFMpegCore.Pipes;

namespace Session.Broadcast.Outputs;

/// <summary>
/// The encoder's live MPEG-TS leg lands here. It is read without pause (so the encoder, and with it the archive, never
/// waits on the network) and handed to whichever relay is connected; with none, or a slow one, chunks are dropped.
/// Chunks are whole 188-byte TS packets, so a relay that joins mid-stream starts on a packet boundary.
/// </summary>
public sealed class LiveFeed : IPipeSink
{
    private const int Packet = 188;
    private const int ChunkPackets = 32;
    // FullMode.Wait: TryWrite then fails instead of blocking, and the chunk is counted as dropped.
    private volatile Channel<byte[]>? subscriber;

    public long BytesIn { get; private set; }
    public long ChunksDropped { get; private set; }

    /// <summary>True once the encoder has finished for good: relays drain and stop instead of reconnecting.</summary>
    public bool Completed { get; private set; }

    public string GetStreamArguments() => "";

    /// <summary>The encoder is done (the requested duration was recorded): the current relay gets end-of-stream.</summary>
    public void Complete()
    {
        Completed = true;
        subscriber?.Writer.TryComplete();
    }

    /// <summary>A new reader of the live feed; the previous one (if any) stops receiving.</summary>
    public ChannelReader<byte[]> Subscribe()
    {
        if (Completed) { var done = Channel.CreateUnbounded<byte[]>(); done.Writer.Complete(); return done.Reader; }
        var ch = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        var old = Interlocked.Exchange(ref subscriber, ch);
        old?.Writer.TryComplete();
        return ch.Reader;
    }

    public void Unsubscribe(ChannelReader<byte[]> reader)
    {
        var ch = subscriber;
        if (ch is not null && ch.Reader == reader && Interlocked.CompareExchange(ref subscriber, null, ch) == ch) ch.Writer.TryComplete();
    }

    public async Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
    {
        var buffer = new byte[Packet * ChunkPackets];
        try
        {
            while (true)
            {
                int filled = 0;
                while (filled < buffer.Length)
                {
                    int n = await inputStream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                    if (n == 0) break;
                    filled += n;
                    // Forward promptly: a short read at a packet boundary is sent as is.
                    if (filled % Packet == 0) break;
                }
                if (filled == 0) return;
                BytesIn += filled;
                var ch = subscriber;
                if (ch is not null && !ch.Writer.TryWrite(buffer.AsSpan(0, filled).ToArray())) ChunksDropped++;
                if (filled % Packet != 0 && filled < buffer.Length) return; // end of stream mid-packet
            }
        }
        catch (IOException) { }
        catch (OperationCanceledException) { }
    }
}
