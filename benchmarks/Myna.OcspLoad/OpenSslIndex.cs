using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Myna.OcspLoad;

/// <summary>
/// An OpenSSL CA database (<c>index.txt</c>, what <c>openssl ca</c> keeps and <c>openssl ocsp -index</c> reads):
/// one line per certificate, six tab-separated fields — status (V valid, R revoked), expiry time,
/// revocation time[,reason] (empty when valid), serial in upper-case hex, file name (<c>unknown</c>),
/// subject DN in OpenSSL's one-line form.
/// </summary>
/// <remarks>
/// Hand-written because .NET has no writer for this format; the field layout follows OpenSSL's apps/ca.c
/// (DB_type … DB_name) and its reason names (the <c>crl_reasons</c> table there).
/// </remarks>
internal sealed class OpenSslIndex
{
    private readonly StringBuilder _lines = new();

    public void AddValid(X509Certificate2 certificate) =>
        Add('V', certificate, revocation: "");

    public void AddRevoked(X509Certificate2 certificate, DateTimeOffset revokedAt, X509RevocationReason reason) =>
        Add('R', certificate, Time(revokedAt) + "," + ReasonName(reason));

    public override string ToString() => _lines.ToString();

    private void Add(char status, X509Certificate2 certificate, string revocation)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        _lines.Append(CultureInfo.InvariantCulture,
            $"{status}\t{Time(notAfter)}\t{revocation}\t{certificate.SerialNumber}\tunknown\t{OneLine(certificate.SubjectName)}\n");
    }

    /// <summary>UTCTime (YYMMDDHHMMSSZ) up to 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 and OpenSSL do.</summary>
    private static string Time(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return utc.ToString(utc.Year < 2050 ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
    }

    private static string ReasonName(X509RevocationReason reason) => reason switch
    {
        X509RevocationReason.Unspecified => "unspecified",
        X509RevocationReason.KeyCompromise => "keyCompromise",
        X509RevocationReason.CACompromise => "CACompromise",
        X509RevocationReason.AffiliationChanged => "affiliationChanged",
        X509RevocationReason.Superseded => "superseded",
        X509RevocationReason.CessationOfOperation => "cessationOfOperation",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No OpenSSL index name for this reason."),
    };

    /// <summary><c>/C=JP/O=JPKI/CN=…</c>: the RDNs in encoded order, as OpenSSL's X509_NAME_oneline writes them.</summary>
    private static string OneLine(X500DistinguishedName name)
    {
        var text = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            var type = rdn.GetSingleElementType().Value switch
            {
                "2.5.4.3" => "CN",
                "2.5.4.6" => "C",
                "2.5.4.7" => "L",
                "2.5.4.8" => "ST",
                "2.5.4.10" => "O",
                "2.5.4.11" => "OU",
                var oid => oid,
            };
            text.Append('/').Append(type).Append('=').Append(rdn.GetSingleElementValue());
        }
        return text.ToString();
    }
}
