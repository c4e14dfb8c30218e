using System.Diagnostics;

namespace Myna.Benchmarking;

/// <summary>
/// The real server, Myna.Server.dll of the same build configuration, as a child process: sandbox mode (its staff
/// accounts and demo municipality), no demo residents, SQLite in the given data directory (or the PostgreSQL database
/// given), Kestrel on the given URL, every other setting at its default unless given. Its output goes to a log file;
/// it is killed on dispose. Shared by the load benchmarks (each project compiles this file in).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _url;

    private ServerProcess(Process process, StreamWriter log, string url) => (_process, _log, _url) = (process, log, url);

    public int Id => _process.Id;

    /// <summary>The CPU time the server has used so far (user and system, all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <param name="settings">More of the server's settings, as environment variables (<c>Logging__LogLevel__Default</c> …).</param>
    public static ServerProcess Start(
        string dataDirectory, string url, string logPath, string? postgreSql = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        // bin/<Configuration>/net10.0 of this project, the same of the server's.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "src", "Myna.Server", "bin", configuration, output.Name, "Myna.Server.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Build the server first (dotnet build Myna.slnx -c Release).", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["Myna__DataDirectory"] = dataDirectory;
        start.Environment["Myna__Mode"] = "Sandbox";
        start.Environment["Myna__SeedDemoResidents"] = "false";
        start.Environment["ASPNETCORE_URLS"] = url;
        if (postgreSql is not null)
        {
            start.Environment["Storage__Provider"] = "PostgreSql";
            start.Environment["Storage__ConnectionString"] = postgreSql;
            // On PostgreSQL the server keeps its keys in the database under a key-encryption key it is given
            // (docs/operations.md): one for this data directory, made on its first run.
            var kek = Path.Combine(dataDirectory, "benchmark-key-encryption.key");
            if (!File.Exists(kek))
            {
                Directory.CreateDirectory(dataDirectory);
                File.WriteAllText(kek, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            }
            start.Environment["Myna__KeyEncryptionKeyFile"] = kek;
        }
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, log, url);
    }

    /// <summary>Waits until GET /health answers 200 (the start makes the authorities' keys: seconds).</summary>
    public async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_url) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited ({_process.ExitCode}); see its log.");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The server did not become healthy in 3 minutes.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }
}
