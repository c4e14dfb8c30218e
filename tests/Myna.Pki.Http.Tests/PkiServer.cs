using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Myna.Pki.Keys;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Testing.Pki;
using Myna.Testing.Tools;

namespace Myna.Pki.Http.Tests;

/// <summary>
/// The authorities' public services on a real Kestrel at 127.0.0.1 and a free port (a plain WebApplication in the test, Kestrel on port 0):
/// CRLs (<c>/crl</c>), CA certificates (<c>/ca</c>), OCSP (<c>/ocsp</c>) and verification (<c>/verify</c>, revocation in process), over one
/// <see cref="CertificateRegistry"/>. Once the address is known, <see cref="Issuing"/> reopens the same CA keys with
/// <see cref="JpkiAuthorityOptions.PublicBaseUrl"/> set, so the certificates it issues name the HTTP CRL.
/// </summary>
public sealed class PkiServer : IAsyncDisposable
{
    // The run's cached CA keys; the same store twice: Issuing reopens these very CAs with the public base URL.
    private readonly TestCaKeyStore _keys = new();
    private WebApplication _app = null!;

    private PkiServer(TimeProvider clock)
    {
        Clock = clock;
        Authorities = JpkiAuthorities.LoadOrCreate(_keys, new JpkiAuthorityOptions(), clock, Registry);
        SignatureCrl = new CrlPublisher(Authorities.Signature, Registry, clock);
        AuthenticationCrl = new CrlPublisher(Authorities.Authentication, Registry, clock);
        Responder = new OcspResponder(Authorities, Registry, clock);
        Verifier = JpkiVerifier.For(Authorities, new InProcessRevocationChecker(Registry), clock);
    }

    public TimeProvider Clock { get; }

    public CertificateRegistry Registry { get; } = new();

    public JpkiAuthorities Authorities { get; }

    /// <summary>The same CA keys and log, with the public base URL: what issues card certificates.</summary>
    public JpkiAuthorities Issuing { get; private set; } = null!;

    public CrlPublisher SignatureCrl { get; }

    public CrlPublisher AuthenticationCrl { get; }

    public OcspResponder Responder { get; }

    public JpkiVerifier Verifier { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("myna-pki-http-").FullName;

    public static async Task<PkiServer> StartAsync(TimeProvider clock)
    {
        var server = new PkiServer(clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(server.SignatureCrl);
        builder.Services.AddSingleton(server.AuthenticationCrl);
        builder.Services.AddSingleton(server.Responder);
        builder.Services.AddSingleton(server.Verifier);
        server._app = builder.Build();
        server._app.MapJpkiCrl();
        server._app.MapJpkiOcsp();
        server._app.MapJpkiVerification();
        server._app.MapJpkiCaCertificates(server.Authorities);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.Issuing = JpkiAuthorities.LoadOrCreate(
            server._keys, new JpkiAuthorityOptions { PublicBaseUrl = server.BaseAddress }, clock, server.Registry);
        server.Write("sign-ca.pem", server.Authorities.Signature.ExportCertificatePem());
        server.Write("auth-ca.pem", server.Authorities.Authentication.ExportCertificatePem());
        return server;
    }

    /// <summary>A card's certificates for <paramref name="signatureKey"/> and <paramref name="authenticationKey"/>, issued now.</summary>
    public CardCertificates IssueCard(RSA signatureKey, RSA authenticationKey) =>
        Issuing.IssueCardCertificates(
            signatureKey.ExportParameters(false), authenticationKey.ExportParameters(false), TestHolder.Hanako, TestHolder.Koriyama,
            JapanClock.Today(Clock).AddYears(8));

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs openssl in <see cref="Directory"/>; stdout and stderr together, and the exit code.</summary>
    public async Task<(int Exit, string Output)> OpenSslAsync(params string[] arguments)
    {
        var result = await OpenSsl.RunAsync(Directory, arguments);
        return (result.ExitCode, result.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Responder.Dispose();
        SignatureCrl.Dispose();
        AuthenticationCrl.Dispose();
        Issuing.Dispose();
        Authorities.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>Counts the HTTP requests that really leave the client.</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
