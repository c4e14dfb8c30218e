namespace Myna.Testing;

/// <summary>
/// One vpcd reader (one port) for one test at a time, across test processes: vpcd serves one card per port, and the
/// test assemblies that plug cards into it (interop, CLI, browser) run at the same time under <c>dotnet test</c> of the
/// solution. The lock is a file in the temporary directory opened without sharing (an <c>flock</c> on Linux), so a
/// process that dies releases it.
/// </summary>
public sealed class VpcdReaderLock : IDisposable
{
    private readonly FileStream _file;

    private VpcdReaderLock(FileStream file) => _file = file;

    /// <summary>How long a test waits for another to give the reader back: an interop run holds it about a minute.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);

    /// <summary>Waits until no other test uses the vpcd reader of <paramref name="port"/>, then holds it until disposed.</summary>
    /// <exception cref="TimeoutException">Another test held it for longer than <paramref name="wait"/>.</exception>
    public static async Task<VpcdReaderLock> AcquireAsync(int port, TimeSpan? wait = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"myna-vpcd-{port}.lock");
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        while (true)
        {
            try
            {
                return new VpcdReaderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (IOException e)
            {
                throw new TimeoutException($"The vpcd reader of port {port} stayed in use by another test for longer than {wait ?? DefaultWait}.", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
