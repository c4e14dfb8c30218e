using System.Security.Cryptography;
using Myna.Primitives;

namespace Myna.Issuance.Personalization;

/// <summary>The two JPKI certificates (card-interface §2.1, §6).</summary>
public enum CertificateKind
{
    /// <summary>署名用電子証明書: EF 0001, key 001A, CA EF 0002.</summary>
    Signature,
    /// <summary>利用者証明用電子証明書: EF 000A, key 0017, CA EF 000B.</summary>
    UserAuthentication,
}

/// <summary>The JPKI certificate authority as the personaliser needs it (implemented by Myna.Pki or a test CA).</summary>
public interface ICardCertificateIssuer
{
    /// <summary>Issues the certificate of <paramref name="kind"/> for a key generated on the card; DER.</summary>
    /// <remarks>The implementation knows whom it certifies (it is made for one holder's request).</remarks>
    byte[] IssueCertificate(CertificateKind kind, RSAParameters publicKey);

    /// <summary>The self-signed root of <paramref name="kind"/>, DER (EF 000B / 0002).</summary>
    byte[] CaCertificate(CertificateKind kind);
}

/// <summary>The images printed on the card face; null members are written as empty placeholders.</summary>
/// <param name="NamePng">Name (1-bit PNG), visual AP DF25.</param>
/// <param name="AddressPng">Address (PNG), DF26.</param>
/// <param name="Photo">Face photo (JPEG 2000 on the real card), DF27.</param>
/// <param name="SecurityCodePng">Security code (PNG), DF2A.</param>
/// <param name="MyNumberPng">My Number (PNG 72×12 on the real card), visual EF0005 DF41.</param>
public sealed record CardFaceImages(byte[]? NamePng, byte[]? AddressPng, byte[]? Photo, byte[]? SecurityCodePng, byte[]? MyNumberPng);

/// <summary>What the issuing system writes on a new card.</summary>
/// <param name="MyNumber">The holder's individual number.</param>
/// <param name="Person">The four basic details.</param>
/// <param name="CardExpiry">The card's expiry date (last valid day).</param>
/// <param name="MunicipalityCode">The issuing municipality's 5-digit code (地方公共団体コード without check digit).</param>
/// <param name="SecurityCode">The 4-digit security code (セキュリティコード) printed on the card.</param>
/// <param name="SignaturePin">Signature password; null: no signature certificate (under-15s, adult wards: P).</param>
/// <param name="UserAuthenticationPin">User-authentication PIN; null: no authentication certificate (P4).</param>
/// <param name="ResidentRegistryPin">住基 PIN (also the common AP's 001C).</param>
/// <param name="TextInputAssistPin">Card-face input-assist PIN (text AP 0011).</param>
/// <param name="Images">Card-face images; null for empty placeholders.</param>
/// <param name="Serial">The card serial; null: read from the chip (GET DATA 0045, right after power-on).</param>
public sealed record PersonalizationRequest(
    MyNumber MyNumber,
    BasicFourInformation Person,
    DateOnly CardExpiry,
    string MunicipalityCode,
    string SecurityCode,
    Pin? SignaturePin,
    Pin? UserAuthenticationPin,
    Pin ResidentRegistryPin,
    Pin TextInputAssistPin,
    CardFaceImages? Images = null,
    string? Serial = null)
{
    /// <summary>Never the number or the PINs.</summary>
    public override string ToString() => $"PersonalizationRequest (municipality {MunicipalityCode}, expiry {CardExpiry:yyyy-MM-dd})";
}

/// <summary>What the personaliser wrote that the issuing system keeps.</summary>
/// <param name="SignatureCertificate">DER, or null when none was issued.</param>
/// <param name="AuthenticationCertificate">DER, or null when none was issued.</param>
/// <param name="CardPublicKey">Public part of the common AP's key 0019 (INTERNAL AUTHENTICATE).</param>
public sealed record PersonalizationResult(byte[]? SignatureCertificate, byte[]? AuthenticationCertificate, RSAParameters CardPublicKey);

/// <summary>What a card-face rewrite (M1, V4) writes, and what it needs of the card as issued.</summary>
/// <param name="Serial">The card serial (16 digits).</param>
/// <param name="MyNumber">The holder's individual number (unchanged; the text AP's signature covers it).</param>
/// <param name="Person">The four basic details after the change.</param>
/// <param name="CardExpiry">The card's expiry after the change (V4), or as it was.</param>
/// <param name="MunicipalityCode">The 5-digit code of the issuing municipality, as the common record holds it.</param>
/// <param name="SecurityCode">The card's 4-digit security code (printed on it; part of collation number B).</param>
/// <param name="CardPublicKey">Public part of the common AP's card key, which the visual record carries.</param>
/// <param name="Images">New card-face images; null for empty placeholders.</param>
public sealed record CardFaceRewrite(
    string Serial,
    MyNumber MyNumber,
    BasicFourInformation Person,
    DateOnly CardExpiry,
    string MunicipalityCode,
    string SecurityCode,
    RSAParameters CardPublicKey,
    CardFaceImages? Images = null)
{
    /// <summary>Never the number.</summary>
    public override string ToString() => $"CardFaceRewrite (expiry {CardExpiry:yyyy-MM-dd})";
}
