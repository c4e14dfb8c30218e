using System.Security.Cryptography.X509Certificates;
using Myna.Primitives.Text;

namespace Myna.Documents;

/// <summary>Why a seal was refused; <see cref="None"/> when it was accepted.</summary>
public enum SealFailure
{
    /// <summary>The seal is genuine.</summary>
    None,

    /// <summary>The text is not a seal payload: another prefix, not base64url, cut short, not DEFLATE, too large, not
    /// a canonical content, or its parts disagree.</summary>
    Malformed,

    /// <summary>No sealing certificate of the municipality the content names (code and name) is in the verifier's set.</summary>
    UnknownMunicipality,

    /// <summary>The signature is not the municipality's over this content: a character was changed, or another key signed.</summary>
    BadSignature,

    /// <summary>The key that signed is in a certificate that does not chain to the trusted root.</summary>
    NotFromAuthority,

    /// <summary>The municipality's certificate (or the root) was not valid on the issue date: expired or not yet valid.</summary>
    CertificateNotValidOnIssueDate,
}

/// <summary>
/// What <see cref="SealVerifier.Verify"/> found: the content the municipality signed, when the seal is genuine, and
/// otherwise the failure with a sentence in Japanese and English.
/// </summary>
public sealed class SealVerification
{
    private SealVerification(SealFailure failure, LocalizedText reason, CertificateContent? content, X509Certificate2? certificate)
    {
        Failure = failure;
        Reason = reason;
        Content = content;
        Certificate = certificate;
    }

    /// <summary>Whether the seal is genuine: signed by the named municipality's key, certified by the authority, on a
    /// day its certificate was valid.</summary>
    public bool IsValid => Failure == SealFailure.None;

    public SealFailure Failure { get; }

    /// <summary>What was found, for the person checking: 封印は有効です。 or why not.</summary>
    public LocalizedText Reason { get; }

    /// <summary>The content the payload carries: when valid, what the municipality signed; after a failure other than
    /// <see cref="SealFailure.Malformed"/>, what the payload claims (not to be believed); <c>null</c> when malformed.</summary>
    public CertificateContent? Content { get; }

    /// <summary>The municipality that sealed it, when valid (as its certificate names it).</summary>
    public IssuingMunicipality? Municipality => IsValid ? Content!.Municipality : null;

    /// <summary>The sealing certificate whose key signed, when valid.</summary>
    public X509Certificate2? Certificate { get; }

    public override string ToString() => IsValid ? $"valid: {Content!.IssueNumber}, {Municipality}" : $"{Failure}: {Reason.English}";

    internal static SealVerification Valid(CertificateContent content, X509Certificate2 certificate) =>
        new(SealFailure.None, new("封印は有効です。この証明書は改ざんされていません。", "The seal is valid: the certificate is as the municipality issued it."), content, certificate);

    internal static SealVerification Malformed(string detail) =>
        new(SealFailure.Malformed,
            new("QRコードの内容が証明書の封印の形式ではありません。", "The QR code does not hold a certificate seal: " + detail),
            null, null);

    internal static SealVerification UnknownMunicipality(CertificateContent claimed) =>
        new(SealFailure.UnknownMunicipality,
            new($"{claimed.Municipality.Name}（団体コード{claimed.Municipality.Code}）の封印用証明書が見つかりません。",
                $"No sealing certificate of {claimed.Municipality.Name} (code {claimed.Municipality.Code}) is known."),
            claimed, null);

    internal static SealVerification BadSignature(CertificateContent claimed) =>
        new(SealFailure.BadSignature,
            new("署名が内容と一致しません。証明書の内容が改ざんされているか、別の鍵で署名されています。",
                "The signature does not match the content: it was changed, or signed with another key."),
            claimed, null);

    internal static SealVerification NotFromAuthority(CertificateContent claimed) =>
        new(SealFailure.NotFromAuthority,
            new("封印用証明書が、信頼する認証基盤から発行されたものではありません。",
                "The sealing certificate was not issued by the trusted authority."),
            claimed, null);

    internal static SealVerification NotValidOnIssueDate(CertificateContent claimed) =>
        new(SealFailure.CertificateNotValidOnIssueDate,
            new($"封印用証明書は発行日（{claimed.JapaneseIssueDate}）に有効ではありませんでした（期限切れまたは有効期間前）。",
                $"The sealing certificate was not valid on the issue date ({TextFormat.EnglishDate(claimed.IssueDate)}): expired or not yet valid."),
            claimed, null);
}
