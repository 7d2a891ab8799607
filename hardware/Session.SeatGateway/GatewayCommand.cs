using Microsoft.Extensions.Logging;
using Session.Hardware.Hid;
using Session.Hardware.Polling;
using Session.Hardware.Tty;

namespace Session.SeatGateway;

/// <summary><c>--config gateway.json</c>: poll every line, read every keypad, and talk to the hall-server until stopped.</summary>
public static class GatewayCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        if (args.Length != 2 || args[0] != "--config")
            throw new ArgumentException("usage: Session.SeatGateway --config gateway.json | monitor --port TTY --baud N --addresses 1-64");
        var config = GatewayConfig.Load(args[1]);
        var key = File.ReadAllText(config.KeyFile).Trim();
        if (key.Length == 0) throw new InvalidDataException($"key file {config.KeyFile} is empty");

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(LogLevel.Information));
        var logger = loggers.CreateLogger("gateway");
        await using var outbox = Outbox.Open(config.StateFile!);
        var gateway = new Gateway(outbox, logger);
        var tasks = new List<Task>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var masters = new List<SeatBusMaster>();
        for (int i = 0; i < config.Lines.Length; i++)
        {
            // The first open fails fast (a wrong tty is a configuration error); later failures are retried.
            var port = SerialPort.Open(config.Lines[i].Tty, config.Lines[i].Baud);
            tasks.Add(RunLineAsync(i, config.Lines[i], config.SeatMap(i), port, outbox, gateway, masters, logger, cts.Token));
        }
        for (int i = 0; i < config.Hid.Length; i++)
        {
            var hid = config.Hid[i];
            var device = hid.Device ?? HidrawLocator.FindByUsbPort(hid.UsbPort!)
                ?? throw new InvalidDataException($"hid[{i}]: no hidraw device on USB port {hid.UsbPort}");
            // On its own thread: opening a FIFO (tests) blocks until a writer comes.
            tasks.Add(Task.Run(() => ReadHidAsync(device, hid, gateway, logger, cts.Token)));
        }
        tasks.Add(new HubLink(config.HubEndpoint, key, gateway, outbox, logger, Session.Core.Transport.HallCaPin.Parse(config.HallCa)).RunAsync(cts.Token));
        tasks.Add(ReportLinesAsync(masters, logger, cts.Token));
        var first = await Task.WhenAny(tasks);
        if (first.IsFaulted && !cts.IsCancellationRequested) logger.LogCritical(first.Exception!.InnerException, "the gateway stopped");
        cts.Cancel();
        try { await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        LogLines(masters, logger);
        return first.IsFaulted && !stop.IsCancellationRequested ? 1 : 0;
    }

    /// <summary>
    /// Polls one line; when its port fails (a USB RS-485 adapter pulled out) the line's seats go offline in the hall and the
    /// port is reopened every two seconds, while the other lines carry on.
    /// </summary>
    private static async Task RunLineAsync(int index, GatewayConfig.LineConfig line, IReadOnlyDictionary<byte, int> map, FileStream? port,
        Outbox outbox, Gateway gateway, List<SeatBusMaster> masters, ILogger logger, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                port ??= SerialPort.Open(line.Tty, line.Baud);
                var master = new SeatBusMaster(new SeatBusLineOptions
                {
                    Line = index, Baud = line.Baud, Addresses = map.Keys.Order().ToArray(), Known = outbox.MemoryOf(index),
                    ReplyTimeout = line.ReplyTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                }, port, StreamPump.Start(port, line.Tty).Reader, gateway);
                gateway.Attach(master, map);
                lock (masters) { masters.RemoveAll(m => m.Line == index); masters.Add(master); }
                logger.LogInformation("line {Line}: {Tty} at {Baud} baud, {Count} seats", index, line.Tty, line.Baud, map.Count);
                await master.RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError("line {Line} ({Tty}) failed: {Error}; reopening it every 2 s", index, line.Tty, e.Message);
                gateway.LineDown(index);
            }
            finally
            {
                port?.Dispose();
                port = null;
            }
            try { await Task.Delay(TimeSpan.FromSeconds(2), ct); } catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Every minute, and at the end: each line's error counters, so line noise and failing seats show in the log.</summary>
    private static async Task ReportLinesAsync(List<SeatBusMaster> masters, ILogger logger, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), ct);
                LogLines(masters, logger);
            }
        }
        catch (OperationCanceledException) { }
    }

    private static void LogLines(List<SeatBusMaster> masters, ILogger logger)
    {
        List<SeatBusMaster> all;
        lock (masters) all = masters.OrderBy(m => m.Line).ToList();
        foreach (var m in all)
        {
            var c = m.Counters();
            logger.LogInformation("line {Line}: {Polls} polls, {Replies} replies, {Missed} missed, {Corrupt} corrupt frames, {Late} late replies, {BadStatus} bad status, {Noise} noise bytes, offline seats: {Offline}",
                m.Line, c.Sum(x => x.Polls), c.Sum(x => x.Replies), c.Sum(x => x.Timeouts), c.Sum(x => x.CorruptFrames), c.Sum(x => x.LateReplies),
                c.Sum(x => x.BadStatus), m.NoiseBytes, string.Join(",", c.Where(x => x.Online == false).Select(x => x.Address)));
        }
    }

    private static async Task ReadHidAsync(string device, GatewayConfig.HidConfig hid, Gateway gateway, ILogger logger, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var stream = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
                logger.LogInformation("seat {Seat}: {Kind} on {Device}", hid.Seat, hid.Kind, device);
                if (hid.Kind == "card-reader")
                    await HidReportReader.ReadCardsAsync(stream, uid => gateway.OnHidCardAsync(hid.Seat, uid), ct);
                else
                    await HidReportReader.ReadKeysAsync(stream, KeypadMap.Default, key => gateway.OnHidKeyAsync(hid.Seat, key), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("seat {Seat}: {Device} unavailable: {Error}", hid.Seat, device, e.Message);
            }
            try { await Task.Delay(TimeSpan.FromSeconds(2), ct); } catch (OperationCanceledException) { }
        }
    }
}
