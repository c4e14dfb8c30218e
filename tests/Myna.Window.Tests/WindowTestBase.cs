namespace Myna.Window.Tests;

/// <summary>Each test gets its own window (data directory, database, authorities).</summary>
public abstract class WindowTestBase : IAsyncLifetime
{
    protected WindowTestBase()
        : this(new WindowHarness())
    {
    }

    /// <summary>Tests on a harness of their own kind (chips in the database …).</summary>
    protected WindowTestBase(WindowHarness harness) => H = harness;

    protected WindowHarness H { get; }

    protected MunicipalWindow Window => H.Window;

    public Task InitializeAsync() => H.InitializeAsync();

    public Task DisposeAsync() => H.DisposeAsync();
}
