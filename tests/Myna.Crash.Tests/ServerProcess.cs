using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using Myna.Testing;

namespace Myna.Crash.Tests;

/// <summary>
/// The real server (<c>dotnet Myna.Server.dll</c>) as a child process on a data directory of the harness's, in
/// sandbox mode without demo residents, on a free loopback port; optionally with a crash point
/// (<c>--Myna:CrashAt</c>). It is killed with SIGKILL (<see cref="Kill"/>) and started again on the same directory
/// by a new <see cref="StartAsync"/>. Its output goes to a log file beside the data directory.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The sandbox demo account of the window (src/Myna.Server/Staff/StaffDirectory.cs, docs/window.md).</summary>
    public const string WindowUser = "window";

    public const string WindowPassword = "window-sandbox";

    /// <summary>How long a start may take on a busy two-core machine before the harness gives up.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);

    private static readonly Lazy<string> Assembly = new(FindServerAssembly);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private readonly HttpClient _anonymous;
    private HttpClient? _window;

    private ServerProcess(Process process, StreamWriter log, Uri baseAddress, string dataDirectory, string? crashAt)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        CrashAt = crashAt;
        _anonymous = NewClient(baseAddress);
    }

    /// <summary>The server assembly the harness runs: <c>MYNA_SERVER_DLL</c>, else the built one of this checkout.</summary>
    public static string ServerAssembly => Assembly.Value;

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The crash point this process was started with, or null.</summary>
    public string? CrashAt { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once exited (137 = killed by SIGKILL, as the runtime reports a signal: 128 + 9).</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>A client without a session, for the public endpoints (OCSP, CRL, health).</summary>
    public HttpClient Anonymous => _anonymous;

    /// <summary>A client signed in as the window's demo account (signed in on first use).</summary>
    public HttpClient Window => _window ?? throw new InvalidOperationException("Call SignInAsync first.");

    /// <summary>
    /// Starts the server on <paramref name="dataDirectory"/> and waits until <c>/health</c> answers 200, which is
    /// after the start's recovery pass; appends its output to <paramref name="logPath"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process exited, or did not become healthy in time (the log's tail in the message).</exception>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, string logPath, string? crashAt = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(dataDirectory, logPath, crashAt, FreePort());
            try
            {
                await server.WaitHealthyAsync();
                return server;
            }
            catch (ServerDiedException) when (attempt < 3 && LogTail(logPath).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took the free port between the probe and the bind: try another one.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Signs the window's demo account in (<c>POST /api/session</c>).</summary>
    public async Task SignInAsync()
    {
        var client = NewClient(BaseAddress);
        using var response = await client.PostAsJsonAsync("/api/session", new { userName = WindowUser, password = WindowPassword });
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in as {WindowUser} answered {(int)response.StatusCode}.");
        }
        _window?.Dispose();
        _window = client;
    }

    /// <summary>The processor time the process has used so far.</summary>
    public TimeSpan ProcessorTimeNow => _process.HasExited ? ProcessorTime : _process.TotalProcessorTime;

    /// <summary>The processor time the process used until it was killed (or until now), for the run's cost summary.</summary>
    public TimeSpan ProcessorTime { get; private set; }

    /// <summary>Kills the process at once with SIGKILL (no shutdown code runs), and waits for it to be gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                ProcessorTime = _process.TotalProcessorTime;
                _process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        _process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the process to end by itself (a crash point); false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes a line into the server log, to mark what the harness does (a round, a kill).</summary>
    public void Note(string line)
    {
        lock (_logGate)
        {
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### harness {DateTimeOffset.Now:HH:mm:ss.fff}: {line}"));
            _log.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _window?.Dispose();
        _anonymous.Dispose();
        await Task.Yield();
        lock (_logGate)
            _log.Dispose();
        _process.Dispose();
    }

    public override string ToString() => $"server pid {Id} at {BaseAddress} (CrashAt={CrashAt ?? "none"})";

    private static ServerProcess Launch(string dataDirectory, string logPath, string? crashAt, int port)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dataDirectory)!,
        };
        foreach (var argument in new[]
                 {
                     ServerAssembly, $"--Myna:DataDirectory={dataDirectory}", "--Myna:Mode=Sandbox", "--Myna:SeedDemoResidents=false",
                     // The run's shared test keys (CrashRun copies them in) and their low key-derivation cost: each restart then
                     // opens the authorities at once rather than after PBKDF2 at the production cost.
                     $"--Myna:KeyDerivation:CaKeyFileIterations={TestKeySet.KeyFileIterations}", "--Myna:KeyDerivation:StaffPasswordIterations=100",
                     "--urls", url, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                 })
            start.ArgumentList.Add(argument);
        if (crashAt is not null)
            start.ArgumentList.Add($"--Myna:CrashAt={crashAt}");
        // Only the command line decides: a crash point or an address from the test's own environment must not leak in.
        foreach (var inherited in new[] { "Myna__CrashAt", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "MYNA_HOME" })
            start.Environment.Remove(inherited);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = false };
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"### harness {DateTimeOffset.Now:HH:mm:ss.fff}: start {url} CrashAt={crashAt ?? "none"}"));
        log.Flush();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, log, new Uri(url), dataDirectory, crashAt);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start())
            throw new InvalidOperationException("dotnet did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_logGate)
        {
            try
            {
                _log.WriteLine(line);
                _log.Flush();
            }
            catch (ObjectDisposedException)
            {
                // The harness closed the log after the kill; the last lines of a dead process are lost.
            }
        }
    }

    private async Task WaitHealthyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new ServerDiedException(_process.ExitCode, $"The server exited with code {_process.ExitCode} while starting. Log tail:\n{LogTail(LogPathOf())}");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await _anonymous.GetAsync(new Uri("/health", UriKind.Relative), probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                // Listening but busy (migrations, recovery).
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The server did not answer /health within {StartTimeout.TotalSeconds} s. Log tail:\n{LogTail(LogPathOf())}");
    }

    private string LogPathOf() => ((FileStream)_log.BaseStream).Name;

    /// <summary>The last lines of a server log, for a failure message.</summary>
    public static string LogTail(string logPath, int lines = 30)
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    internal static HttpClient NewClient(Uri baseAddress)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = baseAddress,
            // A delivery on a busy two-core machine can take a while; a dead server fails at once anyway.
            Timeout = TimeSpan.FromSeconds(180),
        };
        // Refusals in English in the harness's messages (the API answers Japanese by default).
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The <c>dotnet</c> host: the one running these tests when it is a dotnet host, else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? current
            : "dotnet";
    }

    /// <summary>
    /// <c>MYNA_SERVER_DLL</c> when set; else <c>src/Myna.Server/bin/&lt;configuration&gt;/net10.0/Myna.Server.dll</c> of the
    /// checkout these tests were built in, this build's configuration first, then the newest other one.
    /// </summary>
    private static string FindServerAssembly()
    {
        if (Environment.GetEnvironmentVariable("MYNA_SERVER_DLL") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"MYNA_SERVER_DLL names no file: {configured}");
        }
        var root = RepositoryRoot.Path;
        var bin = Path.Combine(root, "src", "Myna.Server", "bin");
        var own = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = Path.GetFileName(Path.GetDirectoryName(typeof(ServerProcess).Assembly.Location)!); // net10.0
        var preferred = Path.Combine(bin, own, framework, "Myna.Server.dll");
        if (File.Exists(preferred))
            return preferred;
        var any = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "Myna.Server.dll", SearchOption.AllDirectories)
                .Where(p => Path.GetFileName(Path.GetDirectoryName(p)) == framework)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return any ?? throw new FileNotFoundException(
            $"Myna.Server.dll is not built under {bin}: run `dotnet build Myna.slnx -c Release` first, or set MYNA_SERVER_DLL.");
    }

}

/// <summary>The server process ended while the harness waited for it to become healthy.</summary>
public sealed class ServerDiedException : InvalidOperationException
{
    public ServerDiedException()
    {
    }

    public ServerDiedException(string message)
        : base(message)
    {
    }

    public ServerDiedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ServerDiedException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>137 when it was killed by SIGKILL (a crash point reached during the start).</summary>
    public int ExitCode { get; }
}
