namespace Session.SeatSimulator;

public sealed record SimulatorOptions
{
    public required int Baud { get; init; }
    /// <summary>SEAT-BUS.md: a seat starts its reply within 1 ms of the poll's last stop bit.</summary>
    public TimeSpan Turnaround { get; init; } = TimeSpan.FromMicroseconds(100);
    /// <summary>Probability per byte, in each direction, that the line corrupts it or slips in a garbage byte.</summary>
    public double NoiseRate { get; init; }
    public int Seed { get; init; } = Environment.TickCount;
}
