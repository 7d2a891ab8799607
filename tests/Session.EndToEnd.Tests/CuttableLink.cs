using System.Net;
using System.Net.Sockets;

namespace Session.EndToEnd.Tests;

/// <summary>
/// A TCP relay between a browser and the hall-server that a test can cut, like a tablet losing the hall's Wi-Fi.
/// (Playwright's offline mode does not touch open WebSockets, so it cannot stand in for a lost network.)
/// <see cref="Cut"/> closes every relayed connection and refuses new ones; <see cref="SwallowReplies"/> keeps
/// forwarding what the browser sends but drops the server's answers — a request that arrives while its ack is lost.
/// </summary>
public sealed class CuttableLink : IAsyncDisposable
{
    private enum Mode { Pass, SwallowReplies, Down }

    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Browser, TcpClient Server)> _open = new();
    private readonly Task _accepting;
    private volatile Mode _mode = Mode.Pass;

    public Uri Url { get; }

    public CuttableLink(Uri target)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public void Cut()
    {
        _mode = Mode.Down;
        CloseAll();
    }

    public void SwallowReplies() => _mode = Mode.SwallowReplies;

    public void Restore() => _mode = Mode.Pass;

    private void CloseAll()
    {
        lock (_open)
        {
            foreach (var (b, s) in _open)
            {
                try { b.Client.LingerState = new LingerOption(true, 0); } catch (SocketException) { } catch (ObjectDisposedException) { }
                b.Dispose();
                s.Dispose();
            }
            _open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient browser;
            try { browser = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            if (_mode == Mode.Down) { browser.Dispose(); continue; }
            _ = RelayAsync(browser);
        }
    }

    private async Task RelayAsync(TcpClient browser)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_upstream, _stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            browser.Dispose();
            server.Dispose();
            return;
        }
        lock (_open) _open.Add((browser, server));
        var up = PumpAsync(browser, server, toBrowser: false);
        var down = PumpAsync(server, browser, toBrowser: true);
        await Task.WhenAny(up, down);
        lock (_open) _open.Remove((browser, server));
        browser.Dispose();
        server.Dispose();
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toBrowser)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                int n = await input.ReadAsync(buffer, _stop.Token);
                if (n == 0 || _mode == Mode.Down) return;
                if (toBrowser && _mode == Mode.SwallowReplies) continue;
                await output.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // the link was cut or closed: that is the point
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CloseAll();
        try { await _accepting; } catch (Exception ex) when (ex is OperationCanceledException or SocketException) { }
        _stop.Dispose();
    }
}
