using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Storage;

/// <summary>One real PostgreSQL for a test class (<see cref="PostgresServer"/>); each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}
