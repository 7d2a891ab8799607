using System.Runtime.InteropServices;
using Session.SeatGateway;

// seat gateway: `--config gateway.json`, or the hall check `monitor --port TTY --baud N --addresses 1-64`.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
try
{
    if (args.Length > 0 && args[0] == "monitor")
        return await MonitorCommand.RunAsync(args[1..], Console.Out, stop.Token);
    return await GatewayCommand.RunAsync(args, stop.Token);
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException)
{
    Console.Error.WriteLine($"seat gateway: {e.Message}");
    return 2;
}
