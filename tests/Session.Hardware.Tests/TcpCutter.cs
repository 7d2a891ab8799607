using System.Net;
using System.Net.Sockets;

namespace Session.Hardware.Tests;

/// <summary>
/// A loopback TCP relay between the gateway and the hall-server that a test can cut (network loss) and point at a new
/// port (a restarted server). Real sockets; nothing of ours is replaced.
/// </summary>
public sealed class TcpCutter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpCutter(Uri target)
    {
        Target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Target { get; set; }
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Drops every connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            if (_cut) { client.Dispose(); continue; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(Target.Host, Target.Port, _stop.Token);
            lock (_open) { _open.Add(client); _open.Add(server); }
            var a = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var b = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception) { }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        try { await _accepting; } catch (Exception) { }
    }
}
