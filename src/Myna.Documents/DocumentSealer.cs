using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Documents;

/// <summary>
/// Seals certificates for one municipality: signs a content's canonical form with the municipality's document-sealing
/// key and writes the <see cref="SealPayload"/> that the page prints as a QR code.
/// </summary>
/// <remarks>Thread-safe: each seal takes its own handle on the key, so the kiosk may seal in parallel.</remarks>
public sealed class DocumentSealer
{
    private readonly X509Certificate2 _certificate;

    /// <param name="sealingCertificate">The municipality's sealing certificate with its ECDSA private key
    /// (<see cref="SealAuthority.IssueSealingCertificate(IssuingMunicipality, DateTimeOffset, DateTimeOffset)"/>).</param>
    /// <exception cref="ArgumentException">No ECDSA private key, or not a sealing certificate naming a municipality.</exception>
    public DocumentSealer(X509Certificate2 sealingCertificate)
    {
        ArgumentNullException.ThrowIfNull(sealingCertificate);
        using (var key = sealingCertificate.GetECDsaPrivateKey())
        {
            if (key is null)
                throw new ArgumentException("The sealing certificate has no ECDSA private key.", nameof(sealingCertificate));
        }
        if (!SealingSubjects.MaySeal(sealingCertificate))
            throw new ArgumentException("The certificate is not a document-sealing certificate.", nameof(sealingCertificate));
        Municipality = SealingSubjects.MunicipalityOf(sealingCertificate)
            ?? throw new ArgumentException("The certificate's subject names no municipality.", nameof(sealingCertificate));
        _certificate = sealingCertificate;
    }

    /// <summary>The municipality whose key this is.</summary>
    public IssuingMunicipality Municipality { get; }

    /// <summary>Signs <paramref name="content"/> and writes its seal payload (<see cref="SealPayload"/>).</summary>
    /// <exception cref="ArgumentException">The content is another municipality's, or issued on a day the certificate
    /// was not valid.</exception>
    /// <exception cref="SealCapacityExceededException">The payload would not fit a QR code (<see cref="SealPayload.MaxLength"/>).</exception>
    public string Seal(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Municipality != Municipality)
            throw new ArgumentException($"The content is issued by {content.Municipality}, the key is {Municipality}'s.", nameof(content));
        if (!IssueDays.CertificateValidOn(_certificate, content.IssueDate))
            throw new ArgumentException($"The sealing certificate is not valid on {content.IssueDate:yyyy-MM-dd}.", nameof(content));
        var canonical = content.ToCanonicalBytes();
        byte[] signature;
        using (var key = _certificate.GetECDsaPrivateKey()!)
            signature = key.SignData(SealPayload.SignedMessage(canonical), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var payload = SealPayload.Encode(content, canonical, signature);
        if (payload.Length > SealPayload.MaxLength)
            throw new SealCapacityExceededException(payload.Length);
        return payload;
    }
}

/// <summary>A certificate too long for its seal's QR code: it is issued at the window instead.</summary>
public sealed class SealCapacityExceededException : InvalidOperationException
{
    public SealCapacityExceededException()
    {
    }

    public SealCapacityExceededException(string message) : base(message)
    {
    }

    public SealCapacityExceededException(string message, Exception inner) : base(message, inner)
    {
    }

    internal SealCapacityExceededException(int length)
        : base($"The seal payload would be {length} characters; a QR code holds at most {SealPayload.MaxLength}.") => Length = length;

    /// <summary>The payload's length in characters, when known.</summary>
    public int? Length { get; }
}

/// <summary>Issue dates against certificate validity: a date is a whole day in Japan (UTC+9).</summary>
internal static class IssueDays
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>The first instant of <paramref name="date"/> in Japan.</summary>
    public static DateTimeOffset Start(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), JapanOffset);

    /// <summary>Whether the certificate is valid at some instant of the day: it begins before the day ends and ends
    /// after it begins (NotAfter is inclusive, RFC 5280 §4.1.2.5).</summary>
    public static bool CertificateValidOn(X509Certificate2 certificate, DateOnly date)
    {
        var start = Start(date);
        return new DateTimeOffset(certificate.NotBefore) < start.AddDays(1) && new DateTimeOffset(certificate.NotAfter) >= start;
    }

    /// <summary>An instant of the day at which the certificate is valid (its first such instant).</summary>
    public static DateTimeOffset ValidInstant(X509Certificate2 certificate, DateOnly date)
    {
        var start = Start(date);
        var notBefore = new DateTimeOffset(certificate.NotBefore);
        return notBefore > start ? notBefore : start;
    }
}
