using System.Runtime.InteropServices;
using Session.Hardware.Polling;
using Session.Hardware.Tty;
using Session.SeatSimulator;

// seat simulator: ... Session.SeatSimulator -- --tty TTY --baud N --addresses 1-64 [--script FILE] [--cards PREFIX:FIRST]
//   [--auto-vote] [--random PER_MINUTE] [--noise RATE] [--turnaround-us N] [--seed N]; commands (see SimulatorCommand) are also read from standard input.
try
{
    var args0 = SimulatorArguments.Parse(args);
    using var port = SerialPort.Open(args0.Tty, args0.Baud);
    var seats = args0.Addresses.Select(a => new SimulatedSeat(a)).ToDictionary(s => s.Address);
    if (args0.CardPrefix is { } prefix)
    {
        int n = args0.CardFirst;
        foreach (var seat in seats.Values.OrderBy(s => s.Address))
            seat.InsertCard(SimulatorCommand.ParseCard(prefix + (n++).ToString("X2")));
    }
    var options = new SimulatorOptions { Baud = args0.Baud, NoiseRate = args0.Noise, Turnaround = args0.Turnaround, Seed = args0.Seed };
    var simulator = new SeatBusSimulator(port, seats.Values, options);
    if (args0.AutoVote) _ = new AutoVoter(seats.Values, args0.Seed);
    simulator.Start();
    Console.Error.WriteLine($"seat simulator: {seats.Count} seats at addresses {args0.AddressText} on {args0.Tty}, {args0.Baud} baud");

    using var stop = new CancellationTokenSource();
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

    if (args0.RandomPerMinute is { } rate) _ = RandomPresser.RunAsync(seats.Values.ToList(), rate, args0.Seed, stop.Token);
    if (args0.Script is { } script)
        _ = Task.Run(async () =>
        {
            var start = DateTime.UtcNow;
            foreach (var cmd in File.ReadLines(script).Where(l => l.Trim() is { Length: > 0 } t && !t.StartsWith('#')).Select(SimulatorCommand.Parse).ToList())
            {
                if (cmd.At is { } at) { var wait = start + at - DateTime.UtcNow; if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token); }
                cmd.Apply(seats);
            }
        });
    _ = Task.Run(() =>
    {
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            if (line.Trim().Length == 0) continue;
            try { SimulatorCommand.Parse(line).Apply(seats); Console.Error.WriteLine($"ok: {line}"); }
            catch (Exception e) when (e is FormatException or ArgumentException) { Console.Error.WriteLine($"error: {e.Message}"); }
        }
    });
    try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
    simulator.Stop();
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException)
{
    Console.Error.WriteLine($"seat simulator: {e.Message}");
    return 2;
}

internal sealed record SimulatorArguments(string Tty, int Baud, IReadOnlyList<byte> Addresses, string AddressText, string? Script,
    string? CardPrefix, int CardFirst, bool AutoVote, double Noise, TimeSpan Turnaround, int Seed, double? RandomPerMinute)
{
    public static SimulatorArguments Parse(string[] args)
    {
        string? tty = null, script = null, cards = null, addresses = null;
        int baud = 115200, seed = Environment.TickCount, turnaroundUs = 100;
        double noise = 0;
        double? randomRate = null;
        bool auto = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--tty": tty = Next(); break;
                case "--baud": baud = int.TryParse(Next(), out var b) ? b : throw new ArgumentException("--baud needs a number"); break;
                case "--addresses": addresses = Next(); break;
                case "--script": script = Next(); break;
                case "--cards": cards = Next(); break;
                case "--auto-vote": auto = true; break;
                case "--random": randomRate = double.TryParse(Next(), System.Globalization.CultureInfo.InvariantCulture, out var pm) && pm is > 0 and <= 60000 ? pm : throw new ArgumentException("--random needs presses per minute, 0 < N ≤ 60000"); break;
                case "--noise": noise = double.TryParse(Next(), System.Globalization.CultureInfo.InvariantCulture, out var r) && r is >= 0 and < 1 ? r : throw new ArgumentException("--noise needs a rate in [0, 1)"); break;
                case "--turnaround-us": turnaroundUs = int.TryParse(Next(), out var t) && t is >= 0 and <= 1000 ? t : throw new ArgumentException("--turnaround-us needs 0..1000 (SEAT-BUS.md: within 1 ms)"); break;
                case "--seed": seed = int.TryParse(Next(), out var s) ? s : throw new ArgumentException("--seed needs a number"); break;
                default: throw new ArgumentException($"unknown argument {args[i]}; usage: --tty TTY --baud N --addresses 1-64 [--script FILE] [--cards PREFIX:FIRST] [--auto-vote] [--random PER_MINUTE] [--noise RATE] [--turnaround-us N] [--seed N]");
            }
        }
        if (tty is null) throw new ArgumentException("--tty is required");
        if (addresses is null) throw new ArgumentException("--addresses is required, e.g. 1-64");
        if (!Session.Hardware.SeatBus.WireTime.SupportedBauds.Contains(baud)) throw new ArgumentException($"--baud {baud} is not a Seat Bus rate");
        if (script is not null && !File.Exists(script)) throw new ArgumentException($"script {script} does not exist");
        string? prefix = null;
        int first = 1;
        if (cards is not null)
        {
            var parts = cards.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[1], out first) || first < 0) throw new ArgumentException("--cards needs PREFIX:FIRST, e.g. 04A22B:1");
            prefix = parts[0];
        }
        return new SimulatorArguments(tty, baud, AddressRange.Parse(addresses), addresses, script, prefix, first, auto, noise, TimeSpan.FromMicroseconds(turnaroundUs), seed, randomRate);
    }
}
