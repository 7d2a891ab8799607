using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.Outputs;

/// <summary>
/// Keeps the stream key out of every command line. The relay's FFmpeg publishes to this loopback listener under a random
/// stand-in name of the key's length; the proxy connects to the real ingest (TLS for rtmps://) and, in what FFmpeg sends,
/// puts the key where the stand-in is. The names have the same length, so RTMP's chunk and message lengths stay right.
/// One connection per proxy: it serves the relay process it was started for and nothing else.
/// </summary>
public sealed class IngestProxy : IAsyncDisposable
{
    // RTMP handshake: C0+C1 then C2 from the client; random bytes, passed through as they are.
    private const int HandshakeBytes = 1 + 1536 + 1536;
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Uri ingest;
    private readonly byte[] key, standIn;
    private readonly CancellationTokenSource stop = new();
    private Task? serving;

    /// <summary>What the relay publishes to: the ingest's application on this proxy, with the stand-in name.</summary>
    public string LocalUrl { get; }
    /// <summary>How many times the key was put in place of the stand-in (releaseStream, FCPublish, publish).</summary>
    public int Substitutions { get; private set; }

    public IngestProxy(string ingestBase, Secret streamKey)
    {
        ingest = new Uri(ingestBase.TrimEnd('/'));
        key = Encoding.UTF8.GetBytes(streamKey.Reveal());
        do standIn = RandomNumberGenerator.GetItems("abcdefghijklmnopqrstuvwxyz0123456789"u8, key.Length);
        while (standIn.AsSpan().SequenceEqual(key));
        listener.Start(1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        LocalUrl = $"rtmp://127.0.0.1:{port}{ingest.AbsolutePath.TrimEnd('/')}/{Encoding.ASCII.GetString(standIn)}";
    }

    /// <summary>The ingest as the relay should name it in RTMP's connect (tcUrl), without the key.</summary>
    public string TcUrl => ingest.GetLeftPart(UriPartial.Path);

    /// <summary>Why the proxy stopped serving early (the ingest refused the connection, TLS failed), for the log.</summary>
    public string? Failure { get; private set; }

    public void Start() => serving = Task.Run(async () =>
    {
        try { await ServeAsync(stop.Token); }
        catch (Exception e) when (e is not OperationCanceledException) { Failure = e.Message; }
        catch (OperationCanceledException) { }
    });

    private async Task ServeAsync(CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        listener.Stop(); // one relay, one connection
        using var upstream = new TcpClient();
        bool tls = ingest.Scheme.Equals("rtmps", StringComparison.OrdinalIgnoreCase);
        int port = ingest.IsDefaultPort || ingest.Port <= 0 ? (tls ? 443 : 1935) : ingest.Port;
        // Noted before the relay's connection closes, so the relay's log line can say why.
        try { await upstream.ConnectAsync(ingest.Host, port, ct); }
        catch (SocketException e) { Failure = e.Message; throw; }
        Stream up = upstream.GetStream();
        if (tls)
        {
            var ssl = new SslStream(up, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = ingest.Host }, ct);
            up = ssl;
        }
        await using (up)
        {
            var down = client.GetStream();
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Either side closing ends both: the relay process exits and is restarted with a new proxy.
            await Task.WhenAny(PumpWithKeyAsync(client.Client, down, up, either.Token), PlainAsync(up, down, either.Token));
            either.Cancel();
        }
    }

    private static async Task PlainAsync(Stream from, Stream to, CancellationToken ct)
    {
        try { await from.CopyToAsync(to, ct); } catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    private async Task PumpWithKeyAsync(Socket socket, Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024 + key.Length];
        long seen = 0;
        int held = 0;
        try
        {
            while (true)
            {
                int n = await from.ReadAsync(buffer.AsMemory(held, buffer.Length - held - key.Length), ct);
                if (n == 0) { if (held > 0) await to.WriteAsync(buffer.AsMemory(0, held), ct); return; }
                int length = held + n;
                // buffer[0] is stream byte (seen − held): the handshake's bytes in this buffer are passed as they are.
                int start = (int)Math.Max(0, Math.Min(length, HandshakeBytes - seen + held));
                seen += n;
                Substitutions += Replace(buffer.AsSpan(start, length - start));
                // A stand-in cut by the end of this read is held back only while more bytes are already waiting.
                held = socket.Available > 0 ? PartialTail(buffer.AsSpan(start, length - start)) : 0;
                await to.WriteAsync(buffer.AsMemory(0, length - held), ct);
                buffer.AsSpan(length - held, held).CopyTo(buffer);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private int Replace(Span<byte> data)
    {
        int count = 0, at;
        while ((at = data.IndexOf(standIn)) >= 0)
        {
            key.CopyTo(data[at..]);
            data = data[(at + key.Length)..];
            count++;
        }
        return count;
    }

    private int PartialTail(ReadOnlySpan<byte> data)
    {
        for (int k = Math.Min(standIn.Length - 1, data.Length); k > 0; k--)
            if (data[^k..].SequenceEqual(standIn.AsSpan(0, k))) return k;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        if (serving is not null) { try { await serving.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { } }
        stop.Dispose();
    }
}
