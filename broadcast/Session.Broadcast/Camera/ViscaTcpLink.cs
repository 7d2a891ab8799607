using System.Net.Sockets;

namespace Session.Broadcast.Camera;

/// <summary>Bare VISCA packets over TCP (no VISCA over IP header), one connection per command.</summary>
public sealed class ViscaTcpLink(string host, int port, TimeSpan answerTimeout) : ICameraLink
{
    public async Task RecallAsync(string preset, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(answerTimeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, deadline.Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Visca.PresetRecall(int.Parse(preset, System.Globalization.CultureInfo.InvariantCulture)), deadline.Token);
            var packet = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one, deadline.Token) == 0) throw Visca.Silent($"{host}:{port}");
                packet.Add(one[0]);
                if (one[0] != 0xFF) { if (packet.Count > 16) packet.Clear(); continue; }
                var (kind, code) = Visca.ParseReply(packet.ToArray());
                packet.Clear();
                if (kind == Visca.ReplyKind.Error) throw Visca.Refused(code);
                if (kind is Visca.ReplyKind.Ack or Visca.ReplyKind.Completion) return;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw Visca.Silent($"{host}:{port}"); }
        catch (SocketException) { throw Visca.Silent($"{host}:{port}"); }
        catch (IOException) { throw Visca.Silent($"{host}:{port}"); }
    }

    public void Dispose() { }
}
