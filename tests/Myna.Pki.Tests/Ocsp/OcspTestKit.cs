using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;
using CertificateStatus = Myna.Pki.Revocation.CertificateStatus;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Myna.Pki.Tests.Ocsp;

/// <summary>
/// A status source for tests (the real revocation registry is built elsewhere): good when the log has the
/// serial, revoked when <see cref="Revoke"/> said so, unknown otherwise.
/// </summary>
internal sealed class FakeStatusSource(IIssuedCertificateLog log) : ICertificateStatusSource
{
    private readonly ConcurrentDictionary<(JpkiHierarchy, string), RevokedCertificate> _revoked = new();
    private long _revision;
    private int _lookups;

    public int Lookups => _lookups;

    public long Revision => Interlocked.Read(ref _revision);

    public event EventHandler<RevokedCertificate>? CertificateRevoked;

    public CertificateStatus GetStatus(JpkiHierarchy hierarchy, string serialNumber)
    {
        Interlocked.Increment(ref _lookups);
        if (_revoked.TryGetValue((hierarchy, serialNumber), out var r))
            return CertificateStatus.Revoked(r.RevokedAt, r.Reason);
        return log.Contains(hierarchy, serialNumber) ? CertificateStatus.Good : CertificateStatus.Unknown;
    }

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

/// <summary>Requests built and responses read by BouncyCastle, which nobody here wrote.</summary>
internal static class OcspTestKit
{
    public static BcCertificate Bc(X509Certificate2 certificate) => new(certificate.RawData);

    public static AlgorithmIdentifier Sha1 => CertificateID.DigestSha1;

    public static AlgorithmIdentifier Sha256 => new(NistObjectIdentifiers.IdSha256, DerNull.Instance);

    public static CertificateID CertId(X509Certificate2 issuer, string serialHex, AlgorithmIdentifier? hash = null) =>
        new(hash ?? Sha1, Bc(issuer), new BigInteger(serialHex, 16));

    public static byte[] Request(X509Certificate2 issuer, string serialHex, byte[]? nonce = null, AlgorithmIdentifier? hash = null) =>
        Request([CertId(issuer, serialHex, hash)], nonce);

    public static byte[] Request(IEnumerable<CertificateID> ids, byte[]? nonce = null)
    {
        var generator = new OcspReqGenerator();
        foreach (var id in ids)
            generator.AddRequest(id);
        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            // RFC 8954: extnValue holds Nonce ::= OCTET STRING
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }
        return generator.Generate().GetEncoded();
    }

    public static BasicOcspResp Basic(byte[] response)
    {
        var resp = new OcspResp(response);
        Assert.Equal(OcspRespStatus.Successful, resp.Status);
        return Assert.IsType<BasicOcspResp>(resp.GetResponseObject());
    }

    public static int Status(byte[] response) => new OcspResp(response).Status;
}
