using Microsoft.EntityFrameworkCore;
using Myna.Pki;

namespace Myna.Storage.Certificates;

/// <summary>
/// What the user-authentication authority tells a platform operator about one of its certificates: a reference to the
/// holder (not the My Number), and the holder's earlier user-authentication certificates, newest first — the link
/// between a certificate and its successor after a renewal, a reissue or a lifted suspension.
/// </summary>
/// <param name="HolderReference">The holder as the authority's records know them.</param>
/// <param name="EarlierSerials">Serials (upper-case hex) of the holder's earlier user-authentication certificates, newest first.</param>
public sealed record AuthenticationCertificateLink(Guid HolderReference, IReadOnlyList<string> EarlierSerials);

/// <summary>The authority's side of <see cref="AuthenticationCertificateLink"/>, read from the certificates it issued.</summary>
public static class AuthenticationCertificateLinks
{
    /// <summary>The link of the user-authentication certificate <paramref name="serialNumber"/>; null when the authority did not issue it to a holder.</summary>
    public static async Task<AuthenticationCertificateLink?> FindAsync(MynaDbContext db, string serialNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber);
        var serial = serialNumber.ToUpperInvariant();
        var issued = await db.IssuedCertificates.AsNoTracking()
            .Where(r => r.Hierarchy == JpkiHierarchy.UserAuthentication && r.SerialNumber == serial)
            .Select(r => new { r.Id, r.ResidentId })
            .SingleOrDefaultAsync(cancellationToken);
        if (issued?.ResidentId is not { } holder)
            return null;
        var earlier = await db.IssuedCertificates.AsNoTracking()
            .Where(r => r.Hierarchy == JpkiHierarchy.UserAuthentication && r.ResidentId == holder && r.Id < issued.Id)
            .OrderByDescending(r => r.Id)
            .Select(r => r.SerialNumber)
            .ToListAsync(cancellationToken);
        return new AuthenticationCertificateLink(holder, earlier);
    }
}
