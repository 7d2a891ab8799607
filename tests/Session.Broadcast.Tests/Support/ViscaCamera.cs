using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Session.Broadcast.Tests.Support;

/// <summary>
/// A stand-in PTZ camera on 127.0.0.1 (free UDP port): records every datagram with the time it arrived and answers a
/// VISCA over IP preset recall with ACK and completion, or with a VISCA error for the presets told to refuse.
/// </summary>
public sealed class ViscaCamera : IAsyncDisposable
{
    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private readonly List<(byte[] Bytes, long At)> received = [];

    public int Port => ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
    /// <summary>Presets answered with <c>90 60 41 FF</c> (command not executable).</summary>
    public HashSet<int> Refuse { get; } = [];
    public bool Silent { get; set; }

    public ViscaCamera() => serving = Task.Run(ServeAsync);

    public IReadOnlyList<(byte[] Bytes, long At)> Received { get { lock (received) return received.ToList(); } }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var got = await udp.ReceiveAsync(stop.Token);
                lock (received) received.Add((got.Buffer, Stopwatch.GetTimestamp()));
                if (Silent || got.Buffer.Length < 14) continue;
                var seq = got.Buffer.AsSpan(4, 4).ToArray();
                int preset = got.Buffer[13];
                byte[][] replies = Refuse.Contains(preset) ? [[0x90, 0x60, 0x41, 0xFF]] : [[0x90, 0x41, 0xFF], [0x90, 0x51, 0xFF]];
                foreach (var p in replies)
                {
                    byte[] reply = [0x01, 0x11, 0x00, (byte)p.Length, .. seq, .. p];
                    await udp.SendAsync(reply.AsMemory(), got.RemoteEndPoint, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>The exact VISCA over IP message for a preset recall (Sony's header, then <c>81 01 04 3F 02 pp FF</c>).</summary>
    public static byte[] Recall(uint seq, int preset) =>
        [0x01, 0x00, 0x00, 0x07, (byte)(seq >> 24), (byte)(seq >> 16), (byte)(seq >> 8), (byte)seq, 0x81, 0x01, 0x04, 0x3F, 0x02, (byte)preset, 0xFF];

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        try { await serving.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        udp.Dispose();
    }
}
