using System.Diagnostics;
using System.Net.Sockets;
using Myna.Testing;

namespace Myna.Cluster.Tests;

/// <summary>
/// HAProxy in front of the nodes, started with a configuration this test writes (the one docs/operations.md shows):
/// round robin, a health check on <c>/health</c> every second, and a response header naming the node that answered.
/// </summary>
public sealed class Proxy : IDisposable
{
    /// <summary>The response header in which the proxy names the node that answered.</summary>
    public const string ServedBy = "X-Myna-Node";

    private readonly Process _process;
    private readonly string _directory;

    private Proxy(Process process, string directory, int port) => (_process, _directory, Port) = (process, directory, port);

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The configuration file for a proxy on <paramref name="port"/> in front of <paramref name="nodes"/>.</summary>
    public static string Configuration(int port, IEnumerable<ServerNode> nodes) => $$"""
        global
            maxconn 1000

        defaults
            mode http
            timeout connect 2s
            timeout client 60s
            timeout server 60s
            # A request whose server went down is sent to another one.
            option redispatch
            retries 2
            option forwardfor

        frontend myna
            bind 127.0.0.1:{{port}}
            default_backend myna_servers

        backend myna_servers
            balance roundrobin
            option httpchk GET /health
            http-check expect status 200
            http-response set-header {{ServedBy}} %s
        {{string.Join('\n', nodes.Select(n => $"    server {n.Name} 127.0.0.1:{n.Port} check inter 1s fall 2 rise 2"))}}

        """;

    public static async Task<Proxy> StartAsync(IReadOnlyList<ServerNode> nodes)
    {
        var haproxy = new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists);
        Assert.True(haproxy is not null, "haproxy is missing: ./scripts/test.sh installs it (apt-get install haproxy).");
        var directory = TestDirectories.Create("myna-haproxy-");
        var port = ServerNode.FreePort();
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Configuration(port, nodes));
        // -db: in the foreground, logging to the console, so it ends with this test's kill.
        var process = Process.Start(new ProcessStartInfo(haproxy, ["-db", "-f", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new Proxy(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                Assert.Fail($"haproxy exited ({process.ExitCode}):\n{string.Join('\n', output)}\n{await File.ReadAllTextAsync(config)}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        proxy.Dispose();
        throw new TimeoutException("haproxy did not listen within 20 s.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
