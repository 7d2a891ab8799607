using System.Text.Json;
using System.Text.Json.Nodes;
using Session.Hardware.Polling;
using Session.Hardware.SeatBus;
using Session.Hardware.Tty;

namespace Session.SeatGateway;

/// <summary>
/// The installer's hall check, no hub needed: <c>monitor --port TTY --baud N --addresses 1-64 [--line N] [--seconds S]</c>.
/// One JSON line per decoded key event and per seat going offline/online (ARCHITECTURE.md "Command lines").
/// At the end (Ctrl-C, SIGTERM or --seconds) it prints each seat's counters to standard error.
/// </summary>
public static class MonitorCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken stop)
    {
        string? port = null, addresses = null;
        int baud = 115200, line = 0;
        double? seconds = null, replyTimeoutMs = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port": port = Next(); break;
                case "--baud": baud = int.TryParse(Next(), out var b) ? b : throw new ArgumentException("--baud needs a number"); break;
                case "--addresses": addresses = Next(); break;
                case "--line": line = int.TryParse(Next(), out var l) && l >= 0 ? l : throw new ArgumentException("--line needs a number ≥ 0"); break;
                case "--reply-timeout-ms": replyTimeoutMs = double.TryParse(Next(), System.Globalization.CultureInfo.InvariantCulture, out var t) && t is > 0 and <= 1000 ? t : throw new ArgumentException("--reply-timeout-ms needs 0 < ms ≤ 1000"); break;
                case "--seconds": seconds = double.TryParse(Next(), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw new ArgumentException("--seconds needs a positive number"); break;
                default: throw new ArgumentException($"unknown argument {args[i]}; usage: monitor --port TTY --baud N --addresses 1-64 [--line N] [--seconds S] [--reply-timeout-ms MS]");
            }
        }
        if (port is null) throw new ArgumentException("monitor needs --port TTY");
        var options = new SeatBusLineOptions
        {
            Line = line, Baud = baud, Addresses = AddressRange.Parse(addresses ?? "1-64"),
            ReplyTimeout = replyTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        options.Validate();

        using var stream = SerialPort.Open(port, baud);
        var pump = StreamPump.Start(stream, port);
        var sink = new JsonLineSink(output);
        var master = new SeatBusMaster(options, stream, pump.Reader, sink);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (seconds is { } sec) cts.CancelAfter(TimeSpan.FromSeconds(sec));
        try { await master.RunAsync(cts.Token); }
        catch (OperationCanceledException) when (cts.IsCancellationRequested) { }
        foreach (var c in master.Counters())
            Console.Error.WriteLine($"line {c.Line} address {c.Address}: {(c.Online switch { true => "online", false => "offline", null => "never answered" })}, " +
                $"polls {c.Polls}, replies {c.Replies}, missed {c.Timeouts}, corrupt {c.CorruptFrames}, late {c.LateReplies}, bad status {c.BadStatus}, events {c.Events}");
        return 0;
    }

    /// <summary>Writes the hall check's JSON lines; every press is taken at once.</summary>
    public sealed class JsonLineSink(TextWriter output) : IBusEventSink
    {
        private readonly Lock _gate = new();

        public Task AcceptKeyAsync(KeyPressed press)
        {
            Write(new JsonObject
            {
                ["line"] = press.Line, ["address"] = press.Address, ["evt"] = press.Evt, ["event"] = press.Key.Wire(), ["card"] = press.Card,
            });
            return Task.CompletedTask;
        }

        public void OnCardChanged(CardChanged change) { }

        public void OnSeatStateChanged(SeatStateChanged change) =>
            Write(new JsonObject { ["line"] = change.Line, ["address"] = change.Address, ["state"] = change.Online ? "online" : "offline" });

        private void Write(JsonObject json)
        {
            lock (_gate)
            {
                output.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
                output.Flush();
            }
        }
    }
}
