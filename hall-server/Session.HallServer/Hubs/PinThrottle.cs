using System.Collections.Concurrent;

namespace Session.HallServer.Hubs;

/// <summary>Four-digit PINs are guessable: five wrong tries per terminal in a minute, then a minute's wait.</summary>
public sealed class PinThrottle(TimeProvider clock)
{
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> _failures = new();

    public bool Blocked(string terminalId) =>
        _failures.TryGetValue(terminalId, out var f) && f.Count >= Limit && clock.GetUtcNow() - f.Since < Window;

    public void Failed(string terminalId) => _failures.AddOrUpdate(terminalId, _ => (1, clock.GetUtcNow()),
        (_, f) => clock.GetUtcNow() - f.Since >= Window ? (1, clock.GetUtcNow()) : (f.Count + 1, f.Since));

    public void Succeeded(string terminalId) => _failures.TryRemove(terminalId, out _);
}
