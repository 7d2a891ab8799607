using Xunit;

namespace Session.EndToEnd.Tests;

/// <summary>
/// One hall-server and browser shared by tests that change nothing in the sitting (language, installability):
/// on a shared two-core machine every server start counts.
/// </summary>
public sealed class ReadOnlyStage : IAsyncLifetime
{
    public Stage Stage { get; private set; } = null!;

    public async Task InitializeAsync() => Stage = await Stage.StartAsync("read-only");

    public async Task DisposeAsync() => await Stage.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ReadOnlyCollection : ICollectionFixture<ReadOnlyStage>
{
    public const string Name = "read-only hall";
}
