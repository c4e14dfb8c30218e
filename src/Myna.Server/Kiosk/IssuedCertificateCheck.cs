using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Municipal;
using Myna.Documents;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.Server.Kiosk;

/// <summary>
/// A printed certificate's seal checked: offline (the signature and the municipality's sealing certificate) and, when
/// the seal is good, online (the municipality's records hold that issue number with that very content).
/// </summary>
/// <param name="Seal">What the offline check found; its content when the seal is good.</param>
/// <param name="Issued">The municipality's records hold the issue number with this content.</param>
/// <param name="PrintedAt">When the machine reported the copy printed, if the records hold it.</param>
public sealed record IssuedCertificateCheckResult(SealVerification Seal, bool Issued, DateTimeOffset? PrintedAt)
{
    /// <summary>Genuine: the seal verifies and the municipality issued this very document.</summary>
    public bool Genuine => Seal.IsValid && Issued;
}

/// <summary>
/// The one check of a printed certificate, for <c>POST /api/kiosk/verify</c> and the page <c>/kiosk/verify</c>.
/// </summary>
public sealed class IssuedCertificateCheck(SealKeyring seals, IDbContextFactory<MynaDbContext> contexts)
{
    /// <summary>Whether <paramref name="seal"/> is worth checking: not empty and no longer than a QR code holds.</summary>
    public static bool IsPlausible(string? seal) => !string.IsNullOrWhiteSpace(seal) && seal.Length <= SealPayload.MaxLength;

    /// <summary>Checks the text of a certificate's QR code (<c>MYNADOC1:…</c>); never throws on the text.</summary>
    /// <exception cref="ArgumentException">The text is not <see cref="IsPlausible"/>.</exception>
    public async Task<IssuedCertificateCheckResult> CheckAsync(string seal, CancellationToken cancellationToken = default)
    {
        if (!IsPlausible(seal))
            throw new ArgumentException("Give the text of one QR code (1 to SealPayload.MaxLength characters).", nameof(seal));
        var check = seals.Verifier().Verify(seal.Trim());
        if (!check.IsValid)
            return new(check, false, null);
        var content = check.Content!;
        await using var db = contexts.CreateDbContext();
        var contentHash = SHA256.HashData(content.ToCanonicalBytes());
        var record = await db.Set<IssuedDocumentRow>().AsNoTracking()
            .Where(d => d.Municipality == content.Municipality.Code && d.IssueNumber == content.IssueNumber)
            .Select(d => new { d.ContentHash, d.PrintedAt }).SingleOrDefaultAsync(cancellationToken);
        var issued = record is not null && CryptographicOperations.FixedTimeEquals(record.ContentHash, contentHash);
        return new(check, issued, issued ? record!.PrintedAt : null);
    }
}
