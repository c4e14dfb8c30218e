using Myna.Testing;
using System.Diagnostics;
using Myna.Card;
using Myna.Card.Vpcd;
using Myna.Reader;
using Myna.Reader.Pcsc;

namespace Myna.Interop.Tests;

/// <summary>
/// The PC/SC environment of the interop tests: a reachable pcscd with the vsmartcard vpcd reader, and a
/// <see cref="VpcdBridge"/> that inserts the chip a test wants into it.
/// </summary>
/// <remarks>
/// <para>Finding pcscd: if a PC/SC context can be established, the running pcscd is used (CI starts it as a
/// service). Otherwise, if the <c>pcscd</c> binary exists, the fixture starts <c>pcscd --foreground</c> itself
/// and stops it when the collection ends. Otherwise every test fails with the reason: these tests never
/// skip silently.</para>
/// <para>The reader is <c>Virtual PCD 00 00</c> (vpcd port 35963), or another one chosen with the environment
/// variables <c>MYNA_VPCD_READER</c> and <c>MYNA_VPCD_PORT</c> (e.g. <c>Virtual PCD 00 01</c> / 35964).</para>
/// </remarks>
public sealed class PcscdFixture : IAsyncLifetime
{
    public static readonly TimeSpan CardTimeout = TimeSpan.FromSeconds(15);

    private Process? _pcscd;
    private string? _failure;
    private VpcdBridge? _bridge;
    private CancellationTokenSource? _bridgeStop;
    private Task _bridgeRun = Task.CompletedTask;
    private VpcdReaderLock? _reader;

    public string ReaderName { get; } = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";

    public int VpcdPort { get; } = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p)
        ? p
        : VpcdBridge.DefaultPort;

    /// <summary>True when this fixture started pcscd (and will stop it).</summary>
    public bool StartedPcscd => _pcscd is not null;

    /// <summary>Where the pcscd this fixture started writes its output.</summary>
    public string PcscdLog { get; } = Path.Combine(Path.GetTempPath(), $"myna-interop-pcscd-{Environment.ProcessId}.log");

    public async Task InitializeAsync()
    {
        try
        {
            // The reader is this fixture's for all its tests; a CLI or browser test using it waits.
            _reader = await VpcdReaderLock.AcquireAsync(VpcdPort);
            await EnsurePcscdAsync();
        }
        catch (Exception e)
        {
            // Remembered, and thrown by every test through RequireEnvironment: the tests fail, with this message.
            _failure = e.Message;
        }
    }

    /// <summary>Fails the calling test when pcscd or the vpcd reader is not available.</summary>
    public void RequireEnvironment()
    {
        if (_failure is not null)
            throw new Xunit.Sdk.XunitException("Interop environment not available: " + _failure);
    }

    private async Task EnsurePcscdAsync()
    {
        if (!TryListReaders(out var readers, out var error))
        {
            var binary = new[] { "/usr/sbin/pcscd", "/usr/bin/pcscd", "/sbin/pcscd" }.FirstOrDefault(File.Exists);
            if (binary is null)
            {
                throw new InvalidOperationException(
                    $"{error} No pcscd binary found either: install the Debian packages pcscd and vsmartcard-vpcd " +
                    "(and opensc) and start pcscd before running the interop tests.");
            }
            StartPcscd(binary);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!TryListReaders(out readers, out error))
            {
                if (_pcscd!.HasExited)
                    throw new InvalidOperationException($"pcscd exited with {_pcscd.ExitCode}; see {PcscdLog}. {error}");
                if (DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"pcscd did not come up within 15 s; see {PcscdLog}. {error}");
                await Task.Delay(200);
            }
        }
        if (!readers.Contains(ReaderName))
        {
            throw new InvalidOperationException(
                $"pcscd has no reader '{ReaderName}' (readers: {(readers.Count == 0 ? "none" : string.Join(", ", readers))}). " +
                "Install vsmartcard-vpcd and restart pcscd: it reads /etc/reader.conf.d only at start.");
        }
    }

    private static bool TryListReaders(out IReadOnlyList<string> readers, out string error)
    {
        try
        {
            using var context = PcscContext.Establish();
            readers = context.ListReaders();
            error = "";
            return true;
        }
        catch (CardTransportException e)
        {
            readers = [];
            error = e.Message;
            return false;
        }
    }

    private void StartPcscd(string binary)
    {
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "--foreground" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _pcscd = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        var log = new StreamWriter(PcscdLog) { AutoFlush = true };
        _pcscd.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _pcscd.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _pcscd.BeginOutputReadLine();
        _pcscd.BeginErrorReadLine();
    }

    /// <summary>
    /// Inserts <paramref name="chip"/> into the virtual reader, replacing (removing) any card inserted before, and
    /// waits until pcscd reports it present.
    /// </summary>
    public async Task InsertAsync(ISmartCardChip chip)
    {
        RequireEnvironment();
        await RemoveAsync();
        _bridgeStop = new CancellationTokenSource();
        _bridge = new VpcdBridge(chip, "127.0.0.1", VpcdPort);
        _bridgeRun = _bridge.RunAsync(_bridgeStop.Token);
        try
        {
            await _bridge.Connected.WaitAsync(CardTimeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The vpcd bridge could not connect to 127.0.0.1:{VpcdPort} within {CardTimeout}.");
        }
        var present = await Task.Run(() =>
        {
            using var context = PcscContext.Establish();
            return context.WaitForCard(ReaderName, CardTimeout);
        });
        if (!present)
            throw new Xunit.Sdk.XunitException(
                $"pcscd did not report a card in '{ReaderName}' within {CardTimeout}. Is another card program " +
                $"(an emulator, another test run) already connected to vpcd port {VpcdPort}? vpcd serves one card per port.");
    }

    /// <summary>Pulls the card out (the bridge disconnects) and waits until pcscd reports the reader empty.</summary>
    public async Task RemoveAsync()
    {
        if (_bridgeStop is null)
            return;
        await _bridgeStop.CancelAsync();
        await _bridgeRun;
        _bridgeStop.Dispose();
        _bridgeStop = null;
        _bridge = null;
        var empty = await Task.Run(() =>
        {
            using var context = PcscContext.Establish();
            return context.WaitForCardRemoval(ReaderName, CardTimeout);
        });
        if (!empty)
            throw new Xunit.Sdk.XunitException($"pcscd still reports a card in '{ReaderName}' after the bridge stopped.");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_failure is null)
                await RemoveAsync();
        }
        finally
        {
            if (_pcscd is { HasExited: false })
            {
                // SIGTERM (Process.Kill sends SIGKILL, which would leave /run/pcscd behind).
                _ = Kill(_pcscd.Id, 15);
                if (!_pcscd.WaitForExit(TimeSpan.FromSeconds(10)))
                    _pcscd.Kill();
            }
            _pcscd?.Dispose();
            _reader?.Dispose();
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<PcscdFixture>
{
    public const string Name = "PC/SC interop (one virtual reader)";
}
