using System.Collections.Concurrent;
using System.Net;
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
using Myna.Primitives;
using Myna.Testing.Pki;

namespace Myna.Pki.Http.Tests;

/// <summary>
/// Both authorities, a responder and a real Kestrel on 127.0.0.1 at a free port (a plain WebApplication in the test, Kestrel on port 0).
/// The system clock, since OpenSSL checks thisUpdate/nextUpdate and certificate validity against real time.
/// </summary>
public sealed class OcspServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public JpkiAuthorities Authorities { get; } =
        JpkiAuthorities.LoadOrCreate(new TestCaKeyStore(), new JpkiAuthorityOptions(), TimeProvider.System);

    public StatusSource Statuses { get; private set; } = null!;

    public OcspResponder Responder { get; private set; } = null!;

    /// <summary>The same authorities answered the RFC 8954 way at <c>/ocsp-echo</c>: a nonce is echoed, signed per request.</summary>
    public OcspResponder EchoingResponder { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("myna-ocsp-").FullName;

    public async Task InitializeAsync()
    {
        Statuses = new StatusSource(Authorities.Log);
        Responder = new OcspResponder(Authorities, Statuses, TimeProvider.System);
        EchoingResponder = new OcspResponder(Authorities, Statuses, TimeProvider.System, new OcspResponderOptions { Nonces = OcspNonceHandling.Echo });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(Responder);
        _app = builder.Build();
        _app.MapJpkiOcsp();
        _app.MapJpkiOcsp(EchoingResponder, "/ocsp-echo");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        File.WriteAllText(Path.Combine(Directory, "auth-ca.pem"), Authorities.Authentication.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "sign-ca.pem"), Authorities.Signature.ExportCertificatePem());
    }

    /// <summary>A fresh user-authentication certificate, written to <c>{name}.pem</c>.</summary>
    public X509Certificate2 IssueAuthentication(string name)
    {
        var certificate = Authorities.Authentication.IssueAuthenticationCertificate(
            TestCardKeys.Authentication.ExportParameters(false), TestHolder.Hanako.BirthDate, TestHolder.Koriyama,
            JapanClock.Today(TimeProvider.System).AddYears(3));
        File.WriteAllText(Path.Combine(Directory, name + ".pem"), certificate.ExportCertificatePem());
        return certificate;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        Responder.Dispose();
        EchoingResponder.Dispose();
        Authorities.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>A status source for tests: good when logged, revoked when <see cref="Revoke"/> said so, else unknown.</summary>
public sealed class StatusSource(IIssuedCertificateLog log) : ICertificateStatusSource
{
    private readonly ConcurrentDictionary<(JpkiHierarchy, string), RevokedCertificate> _revoked = new();
    private long _revision;

    public long Revision => Interlocked.Read(ref _revision);

    public event EventHandler<RevokedCertificate>? CertificateRevoked;

    public CertificateStatus GetStatus(JpkiHierarchy hierarchy, string serialNumber) =>
        _revoked.TryGetValue((hierarchy, serialNumber), out var r) ? CertificateStatus.Revoked(r.RevokedAt, r.Reason)
        : log.Contains(hierarchy, serialNumber) ? CertificateStatus.Good
        : CertificateStatus.Unknown;

    public IReadOnlyList<RevokedCertificate> RevokedIn(JpkiHierarchy hierarchy) =>
        [.. _revoked.Values.Where(r => r.Hierarchy == hierarchy).OrderBy(r => r.RevokedAt)];

    public void Revoke(JpkiHierarchy hierarchy, string serial, DateTimeOffset at, X509RevocationReason reason)
    {
        var revoked = new RevokedCertificate(hierarchy, serial, at, reason);
        Assert.True(_revoked.TryAdd((hierarchy, serial), revoked));
        Interlocked.Increment(ref _revision);
        CertificateRevoked?.Invoke(this, revoked);
    }
}
