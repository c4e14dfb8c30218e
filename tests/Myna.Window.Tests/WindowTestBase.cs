namespace Myna.Window.Tests;

/// <summary>Each test gets its own window (data directory, database, authorities).</summary>
public abstract class WindowTestBase : IAsyncLifetime
{
    protected WindowHarness H { get; } = new();

    protected MunicipalWindow Window => H.Window;

    public Task InitializeAsync() => H.InitializeAsync();

    public Task DisposeAsync() => H.DisposeAsync();
}
