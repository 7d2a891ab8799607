using System.Net;
using System.Net.Sockets;

namespace Session.Testing;

/// <summary>
/// HTTP clients that connect from another loopback address (127.0.0.2, 127.0.0.3, …: all of 127/8 is local on
/// Linux), so a test can be several client addresses of one server, as per-address rate limits see them.
/// </summary>
public static class LoopbackFrom
{
    public static HttpClient Client(Uri baseUrl, string localAddress) => new(Handler(localAddress)) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static SocketsHttpHandler Handler(string localAddress) => new()
    {
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
