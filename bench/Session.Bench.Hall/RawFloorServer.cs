using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Session.Bench.Hall;

/// <summary>
/// The raw-WebSocket broadcast floor: a bare Kestrel WebSocket server (no SignalR) that answers the viewers' SignalR
/// handshake and watch invocation with fixed bytes, then writes one given frame to every socket. Runs as a process of
/// its own (this program with <c>--raw-floor-server</c>), pinned where the hall server was, so the floor and the hall
/// are measured on the same core with the same driver.
/// POST /broadcast?count=K&amp;intervalMs=M with a Tally frame as the body: broadcast k (0 ≤ k &lt; K) is scheduled at
/// start + k·M, or M after the previous one has been written to every socket if that is later; it carries journalSeq
/// <see cref="FirstSeq"/> + k; the reply lists the scheduled Stopwatch timestamps, one a line.
/// </summary>
public static class RawFloorServer
{
    public const long FirstSeq = 900_000_000;
    private static readonly byte[] HandshakeReply = "{}\u001e"u8.ToArray();
    private static readonly byte[] WatchReply = "{\"type\":3,\"invocationId\":\"1\",\"result\":{}}\u001e"u8.ToArray();

    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => { k.Limits.MaxConcurrentConnections = null; k.Limits.MaxConcurrentUpgradedConnections = null; });
        var app = builder.Build();
        var sockets = new List<WebSocket>();
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest) { http.Response.StatusCode = 400; return; }
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            var replied = 0;
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, http.RequestAborted);
                if (r.MessageType == WebSocketMessageType.Close) break;
                // The first message is the handshake, the second the watch invocation; then only pings arrive.
                if (replied == 0) { replied++; await socket.SendAsync(HandshakeReply, WebSocketMessageType.Text, true, default); }
                else if (replied == 1)
                {
                    replied++;
                    await socket.SendAsync(WatchReply, WebSocketMessageType.Text, true, default);
                    lock (sockets) sockets.Add(socket);
                }
            }
            lock (sockets) sockets.Remove(socket);
        });
        app.MapPost("/broadcast", async (HttpContext http, int count, int intervalMs) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var template = Encoding.UTF8.GetString(body.ToArray());
            WebSocket[] all;
            lock (sockets) all = sockets.ToArray();
            var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
            var interval = intervalMs * Stopwatch.Frequency / 1000;
            var scheduled = new long[count];
            var done = start - interval;
            for (var k = 0; k < count; k++)
            {
                // Every M ms, but never before the previous broadcast has reached every socket plus M: the floor is the
                // cost of one frame to N sockets, not a queue of frames the sockets cannot take (the hall coalesces
                // its updates the same way, the newest replacing an unsent older one).
                scheduled[k] = Math.Max(start + k * interval, done + interval);
                var frame = Encoding.UTF8.GetBytes(FrameWithSeq(template, FirstSeq + k));
                await Ticks.Until(scheduled[k]);
                await Task.WhenAll(all.Select(async s =>
                {
                    try { await s.SendAsync(frame, WebSocketMessageType.Text, true, default); }
                    catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException) { /* the driver counts what it missed */ }
                }));
                done = Stopwatch.GetTimestamp();
            }
            return Results.Text(string.Join('\n', scheduled));
        });
        await app.StartAsync();
        var address = app.Urls.First();
        Console.WriteLine($"RAW-READY {address}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The same Tally frame with its journal sequence replaced, so the driver tells the broadcasts apart.</summary>
    public static string FrameWithSeq(string frame, long seq)
    {
        const string field = "\"journalSeq\":";
        var at = frame.IndexOf(field, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("the sample frame carries no journalSeq / у зразку кадру немає journalSeq");
        var digits = at + field.Length;
        var end = digits;
        while (end < frame.Length && char.IsAsciiDigit(frame[end])) end++;
        return string.Concat(frame.AsSpan(0, digits), seq.ToString(System.Globalization.CultureInfo.InvariantCulture), frame.AsSpan(end));
    }
}
