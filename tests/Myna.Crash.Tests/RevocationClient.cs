using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Myna.Crash.Tests;

/// <summary>What the OCSP responder answered for one certificate.</summary>
public enum OcspAnswer
{
    Good,
    Revoked,
    Unknown,

    /// <summary>The response had no SingleResponse for the serial, or was not successful.</summary>
    NoAnswer,
}

/// <summary>
/// The server's public revocation services as a relying party uses them: <c>POST /ocsp</c> (src/Myna.Pki.Http/OcspEndpoints.cs)
/// with BouncyCastle's request builder, and the CRLs at <c>/crl/signature.crl</c> and <c>/crl/authentication.crl</c>
/// (src/Myna.Pki.Http/CrlEndpoints.cs). The issuers' certificates come from the data directory (<c>ca/*.cer</c>).
/// </summary>
public sealed class RevocationClient(HttpClient anonymous, string dataDirectory)
{
    /// <summary>Most CertIDs per request (the responder accepts 64).</summary>
    private const int Batch = 32;

    private readonly Dictionary<string, BcCertificate> _issuers = new()
    {
        [Hierarchies.Signature] = Issuer(dataDirectory, "jpki-signature-ca"),
        [Hierarchies.UserAuthentication] = Issuer(dataDirectory, "jpki-authentication-ca"),
    };

    /// <summary>The serials (normalised) of the CA certificates in the data directory.</summary>
    public IReadOnlySet<string> AuthoritySerials => _issuers.Values.Select(c => Normalize(c.SerialNumber)).ToHashSet();

    /// <summary>Responder certificates seen in OCSP answers (their serials, normalised).</summary>
    public HashSet<string> ResponderSerials { get; } = [];

    /// <summary>The responder's answer for each serial of <paramref name="hierarchy"/> (keys as given).</summary>
    public async Task<Dictionary<string, OcspAnswer>> StatusesAsync(string hierarchy, IReadOnlyCollection<string> serials)
    {
        var answers = new Dictionary<string, OcspAnswer>();
        var issuer = _issuers[hierarchy];
        foreach (var chunk in serials.Chunk(Batch))
        {
            var generator = new OcspReqGenerator();
            foreach (var serial in chunk)
                generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, new BigInteger(serial, 16)));
            using var content = new ByteArrayContent(generator.Generate().GetEncoded());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
            using var response = await anonymous.PostAsync(new Uri("/ocsp", UriKind.Relative), content);
            var byNumber = new Dictionary<string, OcspAnswer>();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var ocsp = new OcspResp(await response.Content.ReadAsByteArrayAsync());
                if (ocsp.Status == OcspRespStatus.Successful && ocsp.GetResponseObject() is BasicOcspResp basic)
                {
                    foreach (var certificate in basic.GetCerts() ?? [])
                        ResponderSerials.Add(Normalize(certificate.SerialNumber));
                    foreach (var single in basic.Responses)
                    {
                        byNumber[Normalize(single.GetCertID().SerialNumber)] = single.GetCertStatus() switch
                        {
                            null => OcspAnswer.Good, // CertificateStatus.Good
                            RevokedStatus => OcspAnswer.Revoked,
                            _ => OcspAnswer.Unknown,
                        };
                    }
                }
            }
            foreach (var serial in chunk)
                answers[serial] = byNumber.TryGetValue(Normalize(serial), out var answer) ? answer : OcspAnswer.NoAnswer;
        }
        return answers;
    }

    /// <summary>The serials (normalised) on the hierarchy's current published CRL; null when it cannot be fetched.</summary>
    public async Task<HashSet<string>?> CrlSerialsAsync(string hierarchy)
    {
        var name = hierarchy == Hierarchies.Signature ? "signature" : "authentication";
        using var response = await anonymous.GetAsync(new Uri($"/crl/{name}.crl", UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
            return null;
        var crl = new X509CrlParser().ReadCrl(await response.Content.ReadAsByteArrayAsync());
        return (crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>()).Select(e => Normalize(e.SerialNumber)).ToHashSet();
    }

    /// <summary>A serial in one spelling: upper-case hex without leading zeros (the table keeps a leading 00 pair where DER has one).</summary>
    public static string Normalize(string hex) => Normalize(new BigInteger(hex, 16));

    public static string Normalize(BigInteger serial) => serial.ToString(16).ToUpperInvariant();

    private static BcCertificate Issuer(string dataDirectory, string label)
    {
        var der = File.ReadAllBytes(Path.Combine(dataDirectory, "ca", label + ".cer"));
        using var parsed = X509CertificateLoader.LoadCertificate(der); // DER or PEM alike
        return new X509CertificateParser().ReadCertificate(parsed.RawData);
    }
}
