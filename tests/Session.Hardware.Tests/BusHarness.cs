using System.Collections.Concurrent;
using Session.Hardware.Polling;
using Session.Hardware.Tty;
using Session.SeatSimulator;

namespace Session.Hardware.Tests;

/// <summary>Records what a master reports; presses are kept at once unless <see cref="Hold"/> is set.</summary>
public sealed class RecordingSink : IBusEventSink
{
    public readonly ConcurrentQueue<KeyPressed> Presses = new();
    public readonly ConcurrentQueue<CardChanged> Cards = new();
    public readonly ConcurrentQueue<SeatStateChanged> States = new();
    public TaskCompletionSource? Hold;

    public Task AcceptKeyAsync(KeyPressed press)
    {
        Presses.Enqueue(press);
        return Hold?.Task ?? Task.CompletedTask;
    }

    public void OnCardChanged(CardChanged change) => Cards.Enqueue(change);
    public void OnSeatStateChanged(SeatStateChanged change) => States.Enqueue(change);
}

/// <summary>A simulator on one end of a socat pty pair and a master on the other, both in this process.</summary>
public sealed class BusHarness : IAsyncDisposable
{
    private CancellationTokenSource _stop = new();
    private readonly List<FileStream> _ports = new();
    private FileStream? _masterPort;
    private System.IO.Pipelines.PipeReader? _masterInput;
    private SocatPair _pair = null!;
    private Task? _masterRun;

    public SeatBusSimulator Simulator { get; private set; } = null!;
    public SeatBusMaster Master { get; private set; } = null!;
    public RecordingSink Sink { get; } = new();
    public readonly ConcurrentQueue<TimeSpan> Cycles = new();

    public static async Task<BusHarness> StartAsync(int seats, int baud = 115200, double noise = 0, IReadOnlyDictionary<byte, SeatMemory>? known = null, int seed = 7)
    {
        var h = new BusHarness();
        h._pair = await SocatPair.StartAsync();
        var simPort = SerialPort.Open(h._pair.A, baud);
        h._ports.Add(simPort);
        h.Simulator = new SeatBusSimulator(simPort, Enumerable.Range(1, seats).Select(a => new SimulatedSeat((byte)a)),
            new SimulatorOptions { Baud = baud, NoiseRate = noise, Seed = seed });
        h.Simulator.Start();
        h.StartMaster(baud, seats, known);
        return h;
    }

    public void StartMaster(int baud, int seats, IReadOnlyDictionary<byte, SeatMemory>? known = null)
    {
        if (_masterPort is null)
        {
            // One port and one reader thread for every master of this line: a blocked tty read cannot be taken back.
            _masterPort = SerialPort.Open(_pair.B, baud);
            _ports.Add(_masterPort);
            _masterInput = StreamPump.Start(_masterPort, "test").Reader;
        }
        _stop = new CancellationTokenSource();
        Master = new SeatBusMaster(new SeatBusLineOptions
        {
            Line = 0, Baud = baud, Addresses = Enumerable.Range(1, seats).Select(a => (byte)a).ToArray(),
            Known = known ?? new Dictionary<byte, SeatMemory>(),
            // Generous, so a loaded test machine never makes a seat miss three times; timing is the benchmark's job.
            ReplyTimeout = TimeSpan.FromMilliseconds(150),
        }, _masterPort, _masterInput!, Sink);
        Master.CycleCompleted += c => Cycles.Enqueue(c);
        _masterRun = Master.RunAsync(_stop.Token);
    }

    public async Task StopMasterAsync()
    {
        _stop.Cancel();
        try { await _masterRun!; } catch (OperationCanceledException) { }
    }

    public Task MasterFailure => _masterRun ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Simulator.Stop();
        try { if (_masterRun is not null) await _masterRun.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
        await _pair.DisposeAsync();
        foreach (var p in _ports) p.Dispose();
    }
}
