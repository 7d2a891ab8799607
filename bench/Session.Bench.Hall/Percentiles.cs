namespace Session.Bench.Hall;

/// <summary>Latency samples in milliseconds and their percentiles (nearest rank).</summary>
public sealed class Percentiles(string name)
{
    private readonly List<double> _ms = new();
    public string Name { get; } = name;
    public int Count { get { lock (_ms) return _ms.Count; } }

    public void Add(double ms) { lock (_ms) _ms.Add(ms); }

    public double At(double p)
    {
        lock (_ms)
        {
            if (_ms.Count == 0) return double.NaN;
            var sorted = _ms.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public string Row() => $"| {Name} | {Count} | {At(50):F2} | {At(99):F2} | {At(99.9):F2} | {At(100):F2} |";
}
