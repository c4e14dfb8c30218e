using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Myna.Testing;

namespace Myna.Cluster.Tests;

/// <summary>
/// One real <c>Myna.Server</c> process of the cluster: sandbox mode at the tests' key-derivation costs, PostgreSQL, a
/// data directory of its own, the cluster's secrets (<see cref="ClusterSecrets"/>), Kestrel on a free loopback port.
/// Its log lines are kept.
/// </summary>
public sealed class ServerNode : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private Process _process;

    private ServerNode(string name, int port, string dataDirectory, string database, ClusterSecrets secrets)
    {
        Name = name;
        Port = port;
        DataDirectory = dataDirectory;
        Database = database;
        Secrets = secrets;
        _process = Start();
    }

    public string Name { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    private string Database { get; }

    private ClusterSecrets Secrets { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public bool HasExited => _process.HasExited;

    /// <summary>The process's log so far.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    /// <summary>Starts a node and waits until it answers <c>/health</c>.</summary>
    public static async Task<ServerNode> StartAsync(string name, string dataDirectory, string database, ClusterSecrets secrets)
    {
        var node = new ServerNode(name, FreePort(), dataDirectory, database, secrets);
        await node.WaitHealthyAsync();
        return node;
    }

    /// <summary>SIGKILL: the process dies without a word, as on a crash; its database sessions end with it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Starts the process again on the same port, data directory and database.</summary>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
        _log.Clear();
        _process = Start();
        await WaitHealthyAsync();
    }

    public HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }

    private Process Start()
    {
        var dll = ServerDll();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", ["exec", dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var env = start.Environment;
        env["Myna__DataDirectory"] = DataDirectory;
        env["Myna__Mode"] = "Sandbox";
        env["Myna__SeedDemoResidents"] = "false";
        env["Myna__KeyDerivation__StaffPasswordIterations"] = "100";
        env["Myna__KeyDerivation__CaKeyFileIterations"] = TestKeySet.KeyFileIterations.ToString(CultureInfo.InvariantCulture);
        env["Storage__Provider"] = "PostgreSql";
        env["Storage__ConnectionString"] = Database;
        foreach (var (key, value) in Secrets.Environment)
            env[key] = value;
        env["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        // Plain lines, one per entry, so a test can find one.
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Server {Name} exited ({_process.ExitCode}):\n{string.Join('\n', _log.TakeLast(40))}");
            try
            {
                using var response = await client.GetAsync("health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Server {Name} did not become healthy in 3 minutes:\n{string.Join('\n', _log.TakeLast(40))}");
    }

    /// <summary>Myna.Server.dll of the same configuration and framework as this assembly.</summary>
    private static string ServerDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot.Path, "src", "Myna.Server", "bin", output.Parent!.Name, output.Name, "Myna.Server.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        return dll;
    }

    /// <summary>A loopback port free now (the kernel's choice, so no fixed range collides with other tests).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
