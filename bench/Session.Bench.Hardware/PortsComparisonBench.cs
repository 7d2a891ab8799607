using System.Diagnostics;
using Session.Hardware.SeatBus;
using Session.Hardware.Tty;
using Session.SeatSimulator;

namespace Session.Bench.Hardware;

/// <summary>
/// Why the gateway drives the tty through termios + FileStream: one POLL → STATUS exchange timed through
/// System.IO.Ports.SerialPort and through our FileStream, against the same simulated seat over a socat pty pair.
/// </summary>
internal static class PortsComparisonBench
{
    public sealed record Result(string Path, double P50, double P95, int Exchanges);

    public static List<Result> Run(int baud, int exchanges)
    {
        var results = new List<Result>();
        using var pty = new Pty();
        using var simPort = SerialPort.Open(pty.A, baud);
        var sim = new SeatBusSimulator(simPort, [new SimulatedSeat(1)], new SimulatorOptions { Baud = baud, Seed = 1 });
        sim.Start();

        using (var fs = SerialPort.Open(pty.B, baud))
            results.Add(Measure("termios + FileStream (ours)", exchanges, (poll, reply) => { fs.Write(poll); fs.ReadExactly(reply); }));

        try
        {
            using var ports = new System.IO.Ports.SerialPort(new FileInfo(pty.B).ResolveLinkTarget(true)?.FullName ?? pty.B, baud, System.IO.Ports.Parity.None, 8, System.IO.Ports.StopBits.One)
            { ReadTimeout = 1000, WriteTimeout = 1000 };
            ports.Open();
            results.Add(Measure("System.IO.Ports.SerialPort", exchanges, (poll, reply) =>
            {
                ports.Write(poll, 0, poll.Length);
                int got = 0;
                while (got < reply.Length) got += ports.Read(reply, got, reply.Length - got);
            }));
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"System.IO.Ports could not be measured: {e.Message}");
        }
        sim.Stop();
        return results;
    }

    private static Result Measure(string name, int exchanges, Action<byte[], byte[]> exchange)
    {
        var times = new List<double>();
        var reply = new byte[Frame.Overhead + 3]; // no card: 10 bytes
        for (int i = 0; i < exchanges + 20; i++)
        {
            var poll = new PollRequest(Lamps.None, 0).ToFrame(1, (byte)i).Encode();
            long t0 = Stopwatch.GetTimestamp();
            exchange(poll, reply);
            if (i >= 20) times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        times.Sort();
        return new Result(name, Stats.Percentile(times, 50), Stats.Percentile(times, 95), times.Count);
    }
}
