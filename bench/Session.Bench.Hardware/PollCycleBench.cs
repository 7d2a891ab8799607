using System.Collections.Concurrent;
using System.Diagnostics;
using Session.Hardware.Polling;
using Session.Hardware.SeatBus;
using Session.Hardware.Tty;
using Session.SeatSimulator;

namespace Session.Bench.Hardware;

/// <summary>
/// One line of 64 seats: the master (termios FileStream + pump) polls simulated seats answering at wire time over a socat pty pair.
/// The cycle is compared with SEAT-BUS.md's floor (64 × 230 bits) and with the floor plus the simulated seats' turnaround.
/// </summary>
internal static class PollCycleBench
{
    public sealed record Result(int Baud, int Seats, double FloorMs, double FloorWithTurnaroundMs, double P50, double P95, double Max, int Cycles, long Misses, long Late);

    public static async Task<Result> RunAsync(int baud, int seats, int cycles, TimeSpan turnaround)
    {
        using var pty = new Pty();
        using var simPort = SerialPort.Open(pty.A, baud);
        var sim = new SeatBusSimulator(simPort, Enumerable.Range(1, seats).Select(a =>
        {
            var s = new SimulatedSeat((byte)a);
            s.InsertCard([0x04, 0xA2, 0x2B, (byte)a]); // the spec's reference reply: a 4-byte card UID
            return s;
        }), new SimulatorOptions { Baud = baud, Turnaround = turnaround, Seed = 1 });
        sim.Start();
        using var port = SerialPort.Open(pty.B, baud);
        var sink = new NullSink();
        var master = new SeatBusMaster(new SeatBusLineOptions { Line = 0, Baud = baud, Addresses = Enumerable.Range(1, seats).Select(a => (byte)a).ToArray() },
            port, StreamPump.Start(port, "bench").Reader, sink);
        var times = new ConcurrentQueue<double>();
        using var stop = new CancellationTokenSource();
        master.CycleCompleted += t => { times.Enqueue(t.TotalMilliseconds); if (times.Count >= cycles + 3) stop.Cancel(); };
        try { await master.RunAsync(stop.Token); } catch (OperationCanceledException) { }
        sim.Stop();
        var sorted = times.Skip(3).Order().ToList(); // the first cycles warm up the JIT
        var floor = WireTime.CycleFloor(seats, baud).TotalMilliseconds;
        return new Result(baud, seats, floor, floor + seats * turnaround.TotalMilliseconds,
            Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 95), sorted.Max(), sorted.Count, master.Counters().Sum(c => c.Timeouts), master.Counters().Sum(c => c.LateReplies));
    }

    private sealed class NullSink : IBusEventSink
    {
        public Task AcceptKeyAsync(KeyPressed press) => Task.CompletedTask;
        public void OnCardChanged(CardChanged change) { }
        public void OnSeatStateChanged(SeatStateChanged change) { }
    }
}
