using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Myna.Pki.Http;
using Myna.Pki.Ocsp;

namespace Myna.OcspLoad;

/// <summary>
/// Sets up the OCSP load benchmark (docs/performance.md) and serves Myna's responder on 127.0.0.1 until stopped.
/// benchmarks/ocsp/run.sh starts it, then openssl and wrk.
/// </summary>
/// <remarks>
/// Writes into <c>--dir</c>: <c>ca.pem</c>, <c>index.txt</c>, <c>openssl-responder.pem/.key</c> (for
/// <c>openssl ocsp -index</c>), <c>good.pem</c> and <c>revoked.pem</c> (one of each, for the
/// <c>openssl ocsp -url</c> check), <c>requests/N.der</c> with <c>requests.txt</c> listing them (one
/// OCSPRequest per certificate), and last <c>ready</c>, holding Myna's URL, once Kestrel listens.
/// </remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + LoadOptions.Usage);
            return 2;
        }
        var directory = Directory.CreateDirectory(options.Directory).FullName;
        var clock = TimeProvider.System;

        var timer = Stopwatch.StartNew();
        using var pki = BenchmarkPki.Create(directory, options.Certificates, options.RevokeEvery, clock);
        pki.WriteOpenSslFiles(directory);
        WriteRequests(pki, directory, options.Nonce);
        using var responder = new OcspResponder(pki.Authorities, pki.Registry, clock, new OcspResponderOptions { Nonces = options.Nonces });
        var presigned = responder.PresignIssued();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"myna-ocsp-load: {pki.Issued.Count} certificates, {presigned} answers pre-signed, requests {(options.Nonce ? "with" : "without")} a nonce, nonces {options.Nonces}, in {timer.Elapsed.TotalSeconds:F1} s"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddSingleton(responder);
        await using var app = builder.Build();
        app.MapJpkiOcsp();
        await app.StartAsync();

        var url = $"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}/ocsp";
        await File.WriteAllTextAsync(Path.Combine(directory, "ready"), url + "\n");
        Console.WriteLine($"myna-ocsp-load: listening on {url}");
        await app.WaitForShutdownAsync();
        // For the write-up: whether garbage collection could explain the latency tail.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"myna-ocsp-load: GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, total pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MiB allocated"));
        return 0;
    }

    private static void WriteRequests(BenchmarkPki pki, string directory, bool nonce)
    {
        var requests = Directory.CreateDirectory(Path.Combine(directory, "requests")).FullName;
        var list = new List<string>();
        for (var i = 0; i < pki.Issued.Count; i++)
        {
            var path = Path.Combine(requests, i.ToString("D6", CultureInfo.InvariantCulture) + ".der");
            File.WriteAllBytes(path, pki.OcspRequest(pki.Issued[i], nonce ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(16) : null));
            list.Add(path);
        }
        File.WriteAllLines(Path.Combine(directory, "requests.txt"), list);

        var good = Enumerable.Range(0, pki.Issued.Count).First(i => !pki.IsRevoked(i));
        var revoked = Enumerable.Range(0, pki.Issued.Count).FirstOrDefault(pki.IsRevoked, -1);
        File.WriteAllText(Path.Combine(directory, "good.pem"), pki.Issued[good].ExportCertificatePem());
        if (revoked >= 0)
            File.WriteAllText(Path.Combine(directory, "revoked.pem"), pki.Issued[revoked].ExportCertificatePem());
    }
}
