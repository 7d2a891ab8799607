using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>
/// One demo hall shared by a class whose tests only read it or add what the others do not look at (a start costs
/// about 4 s of CPU, and HallServer.Tests runs near the suite's budget).
/// </summary>
public sealed class DemoHall : IAsyncLifetime
{
    public HallServerProcess Hall { get; private set; } = null!;

    public async Task InitializeAsync() => Hall = await HallServerProcess.StartAsync();

    public async Task DisposeAsync() => await Hall.DisposeAsync();
}
