namespace Myna.Pki;

/// <summary>A certificate's validity: notBefore and notAfter, both inclusive (RFC 5280 §4.1.2.5).</summary>
/// <param name="NotBefore">The first instant the certificate is valid.</param>
/// <param name="NotAfter">The last instant the certificate is valid.</param>
public readonly record struct ValidityPeriod(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>Whether <paramref name="instant"/> lies inside the period (both ends included).</summary>
    public bool Contains(DateTimeOffset instant) => instant >= NotBefore && instant <= NotAfter;
}
