using System.Net;
using System.Net.Sockets;

namespace Session.Broadcast.Camera;

/// <summary>VISCA over IP on UDP: each command behind the 8-byte header with a sequence number one more than the last.</summary>
public sealed class ViscaUdpLink(string host, int port, TimeSpan answerTimeout) : ICameraLink
{
    private readonly UdpClient udp = new(AddressFamily.InterNetwork);
    private readonly SemaphoreSlim one = new(1, 1);
    private uint sequence;

    public async Task RecallAsync(string preset, CancellationToken ct)
    {
        await one.WaitAsync(ct);
        try
        {
            var seq = ++sequence;
            var message = Visca.OverIp(Visca.PayloadType.Command, seq, Visca.PresetRecall(int.Parse(preset, System.Globalization.CultureInfo.InvariantCulture)));
            var target = await Resolve(ct);
            await udp.SendAsync(message, target, ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(answerTimeout);
            try
            {
                while (true)
                {
                    var got = await udp.ReceiveAsync(deadline.Token);
                    // A late reply to an earlier command carries its own sequence number: not ours.
                    if (Visca.ParseOverIp(got.Buffer) is not { Type: Visca.PayloadType.Reply } reply || reply.Sequence != seq) continue;
                    var (kind, code) = Visca.ParseReply(reply.Payload);
                    if (kind == Visca.ReplyKind.Error) throw Visca.Refused(code);
                    if (kind is Visca.ReplyKind.Ack or Visca.ReplyKind.Completion) return;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw Visca.Silent($"{host}:{port}"); }
            catch (SocketException) { throw Visca.Silent($"{host}:{port}"); }
        }
        finally { one.Release(); }
    }

    private IPEndPoint? endpoint;

    private async Task<IPEndPoint> Resolve(CancellationToken ct)
    {
        if (endpoint is not null) return endpoint;
        var address = IPAddress.TryParse(host, out var a) ? a
            : (await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, ct)).FirstOrDefault()
              ?? throw new CameraException($"адресу камери {host} не знайдено", $"camera host {host} not found");
        return endpoint = new IPEndPoint(address, port);
    }

    public void Dispose() { udp.Dispose(); one.Dispose(); }
}
