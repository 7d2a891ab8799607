using System.Diagnostics;
using Session.Hardware.SeatBus;

namespace Session.SeatSimulator;

/// <summary>
/// The seat side of one Seat Bus line: reads POLL and TEXT frames from a port and answers for the seats it hosts.
/// A pty has no baud rate, so each reply is written when its last byte would arrive on a real line:
/// the poll's wire time, the turnaround, then the reply's wire time.
/// </summary>
public sealed class SeatBusSimulator
{
    private readonly Stream _port;
    private readonly SimulatorOptions _options;
    private readonly Dictionary<byte, SimulatedSeat> _seats;
    private readonly Random _random;
    private readonly FrameParser _parser = new();
    private volatile bool _stopping;
    private Thread? _thread;
    private long _answered;
    private long _noiseInjected;

    public SeatBusSimulator(Stream port, IEnumerable<SimulatedSeat> seats, SimulatorOptions options)
    {
        _port = port;
        _options = options;
        _seats = seats.ToDictionary(s => s.Address);
        _random = new Random(options.Seed);
    }

    public IReadOnlyCollection<SimulatedSeat> Seats => _seats.Values;
    public SimulatedSeat this[byte address] => _seats[address];
    public long Answered => Interlocked.Read(ref _answered);
    public long NoiseInjected => Interlocked.Read(ref _noiseInjected);
    public long CorruptFramesSeen => _parser.CorruptFrames;
    /// <summary>Set when the line thread ended on an error other than the port closing.</summary>
    public Exception? Failure { get; private set; }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "seat simulator" };
        _thread.Start();
    }

    /// <summary>Stops answering. The thread ends when the port's other side goes away (a blocking tty read cannot be interrupted).</summary>
    public void Stop() => _stopping = true;

    private void Run()
    {
        var buffer = new byte[512];
        try
        {
            while (!_stopping)
            {
                int n = _port.Read(buffer);
                if (n == 0) break;
                long received = Stopwatch.GetTimestamp();
                Corrupt(buffer.AsSpan(0, n));
                _parser.Feed(buffer.AsSpan(0, n));
                while (!_stopping && _parser.TryRead(out var frame))
                    Answer(frame, received);
            }
        }
        catch (IOException) { /* the pty's other side closed */ }
        catch (ObjectDisposedException) { }
        catch (Exception e) { Failure = e; }
    }

    private void Answer(Frame frame, long received)
    {
        if (frame.IsReply || !_seats.TryGetValue(frame.Address, out var seat)) return;
        StatusReply? status = null;
        if (PollRequest.TryParse(frame, out var poll)) status = seat.OnPoll(poll);
        else if (frame.Command == (byte)SeatBusCommand.Text) status = seat.OnText(System.Text.Encoding.UTF8.GetString(frame.Payload));
        if (status is null) return;
        var bytes = status.ToFrame(frame.Address, frame.Seq).Encode();
        // The poll reached us at pty speed; on the wire its last stop bit lands one poll wire time after the master wrote it.
        var due = received + Ticks(WireTime.Of(frame.WireLength, _options.Baud) + _options.Turnaround + WireTime.Of(bytes.Length, _options.Baud));
        bytes = AddNoise(bytes);
        PreciseWait.Until(due);
        _port.Write(bytes);
        _port.Flush();
        Interlocked.Increment(ref _answered);
    }

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    private void Corrupt(Span<byte> received)
    {
        if (_options.NoiseRate <= 0) return;
        for (int i = 0; i < received.Length; i++)
            if (_random.NextDouble() < _options.NoiseRate)
            {
                received[i] = (byte)_random.Next(256);
                Interlocked.Increment(ref _noiseInjected);
            }
    }

    private byte[] AddNoise(byte[] frame)
    {
        if (_options.NoiseRate <= 0) return frame;
        var output = new List<byte>(frame.Length + 2);
        foreach (var b in frame)
        {
            double r = _random.NextDouble();
            if (r < _options.NoiseRate / 2) { output.Add((byte)_random.Next(256)); output.Add(b); Interlocked.Increment(ref _noiseInjected); }
            else if (r < _options.NoiseRate) { output.Add((byte)_random.Next(256)); Interlocked.Increment(ref _noiseInjected); }
            else output.Add(b);
        }
        return output.ToArray();
    }
}
