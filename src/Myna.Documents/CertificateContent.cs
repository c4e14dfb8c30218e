using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Documents;

/// <summary>
/// What a certificate says: its kind, the issuing municipality, the issue number (発行番号) and date, the body of
/// labelled fields and tables, and the attestation (認証文) with the mayor's line. The seal signs its canonical form
/// (<see cref="ToCanonicalBytes"/>); the page prints it.
/// </summary>
/// <remarks>
/// Every string is kept in Unicode NFC and may hold no control character (an <see cref="ArgumentException"/> says which
/// string otherwise): what is printed, what is signed and what a verifier reads back are the same characters. The body
/// is general enough for all seven kinds; which fields and tables a kind has is the caller's (the kiosk's) to decide.
/// Immutable, and so safe to share between threads. Two contents are the same when their canonical forms are.
/// </remarks>
public sealed partial class CertificateContent
{
    /// <summary>The longest issue number, in UTF-8 bytes: the seal payload writes its length in one byte.</summary>
    public const int MaxIssueNumberBytes = 64;

    /// <param name="kind">The certificate.</param>
    /// <param name="municipality">Who issues and seals it.</param>
    /// <param name="issueNumber">発行番号, as printed: 1 to <see cref="MaxIssueNumberBytes"/> UTF-8 bytes.</param>
    /// <param name="issueDate">The day of issue (Japan).</param>
    /// <param name="body">The fields and tables, in the order printed.</param>
    /// <param name="mayor">The mayor's line (郡山市長　品川　萬里), or <c>null</c> for none.</param>
    /// <param name="attestation">The attestation; <see cref="CertificateKinds.Attestation"/> of the kind when <c>null</c>.</param>
    /// <exception cref="ArgumentException">An empty or too long issue number, an empty mayor's line or attestation, a control character, or a kind that is not one.</exception>
    public CertificateContent(CertificateKind kind, IssuingMunicipality municipality, string issueNumber, DateOnly issueDate,
        IEnumerable<CertificateItem> body, string? mayor = null, string? attestation = null)
    {
        ArgumentNullException.ThrowIfNull(municipality);
        ArgumentNullException.ThrowIfNull(body);
        if (!Enum.IsDefined(kind))
            throw new ArgumentException("Not a certificate kind.", nameof(kind));
        Kind = kind;
        Municipality = municipality;
        IssueNumber = CertificateText.Normalize(issueNumber, nameof(issueNumber), allowEmpty: false);
        if (System.Text.Encoding.UTF8.GetByteCount(IssueNumber) > MaxIssueNumberBytes)
            throw new ArgumentException($"An issue number has at most {MaxIssueNumberBytes} UTF-8 bytes.", nameof(issueNumber));
        IssueDate = issueDate;
        Body = [.. body.Select(item => item ?? throw new ArgumentException("The body holds a null item.", nameof(body)))];
        Mayor = mayor is null ? null : CertificateText.Normalize(mayor, nameof(mayor), allowEmpty: false);
        Attestation = CertificateText.Normalize(attestation ?? CertificateKinds.Attestation(kind), nameof(attestation), allowEmpty: false);
    }

    public CertificateKind Kind { get; }

    public IssuingMunicipality Municipality { get; }

    /// <summary>発行番号, as printed and as the seal payload carries it.</summary>
    public string IssueNumber { get; }

    /// <summary>The day of issue, a civil date in Japan.</summary>
    public DateOnly IssueDate { get; }

    /// <summary>The body, in the order printed.</summary>
    public IReadOnlyList<CertificateItem> Body { get; }

    /// <summary>The mayor's line (郡山市長　品川　萬里); <c>null</c> when none is printed.</summary>
    public string? Mayor { get; }

    /// <summary>The attestation sentence printed above the date and the municipality.</summary>
    public string Attestation { get; }

    /// <summary>The kind's title, in Japanese and English.</summary>
    public LocalizedText Title => CertificateKinds.Title(Kind);

    /// <summary>The issue date as printed: 令和8年12月6日 (Japanese era, <see cref="JapaneseEras.ToJapaneseLongDate"/>).</summary>
    public string JapaneseIssueDate => JapaneseEras.ToJapaneseLongDate(IssueDate);

    /// <summary>Whether <paramref name="other"/> says exactly the same: the same canonical form.</summary>
    public bool SameAs(CertificateContent other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ToCanonicalBytes().AsSpan().SequenceEqual(other.ToCanonicalBytes());
    }
}
