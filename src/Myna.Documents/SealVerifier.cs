using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Documents;

/// <summary>
/// Checks a seal payload offline: that the municipality the content names sealed exactly this content, with a key
/// the authority certified, on a day its certificate was valid.
/// </summary>
/// <remarks>
/// <para>The verifier is given the trusted root (<see cref="SealAuthority.Root"/>) and the municipalities' sealing
/// certificates, e.g. from a file distributed with the checking app; it asks no server. The order of the checks, and
/// so which failure a payload gets: the format (<see cref="SealFailure.Malformed"/>); a certificate in the set naming the
/// content's municipality, code and name, with the document-sealing usage (<see cref="SealFailure.UnknownMunicipality"/>);
/// the signature by one of them (<see cref="SealFailure.BadSignature"/>); that certificate's chain to the root
/// (<see cref="SealFailure.NotFromAuthority"/>); its validity, and the root's, on the issue date
/// (<see cref="SealFailure.CertificateNotValidOnIssueDate"/>).</para>
/// <para>Validity is judged on the issue date, not today: a certificate printed in 2026 stays genuine after its
/// municipality's sealing certificate has expired. Revocation is not checked (docs/documents.md §4).</para>
/// Thread-safe. No input makes <see cref="Verify"/> throw; it always answers with a result.
/// </remarks>
public sealed class SealVerifier
{
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2[] _certificates;

    /// <param name="trustedRoot">The authority's root certificate.</param>
    /// <param name="sealingCertificates">The municipalities' sealing certificates; others in the set are ignored.</param>
    public SealVerifier(X509Certificate2 trustedRoot, IEnumerable<X509Certificate2> sealingCertificates)
    {
        ArgumentNullException.ThrowIfNull(trustedRoot);
        ArgumentNullException.ThrowIfNull(sealingCertificates);
        _root = trustedRoot;
        _certificates = [.. sealingCertificates.Where(SealingSubjects.MaySeal)];
    }

    /// <summary>Verifies the text of a seal's QR code.</summary>
    public SealVerification Verify(string? payload)
    {
        if (payload is null)
            return SealVerification.Malformed("no text.");
        SealPayload.Parts parts;
        try
        {
            parts = SealPayload.Decode(payload);
        }
        catch (DocumentFormatException e)
        {
            return SealVerification.Malformed(e.Message);
        }
        var content = parts.Content;
        var candidates = _certificates.Where(c => SealingSubjects.MunicipalityOf(c) == content.Municipality).ToList();
        if (candidates.Count == 0)
            return SealVerification.UnknownMunicipality(content);
        var message = SealPayload.SignedMessage(parts.Canonical);
        var signer = candidates.FirstOrDefault(c => Signed(c, message, parts.Signature));
        if (signer is null)
            return SealVerification.BadSignature(content);
        if (!ChainsToRoot(signer, content.IssueDate, out var timeInvalid))
            return SealVerification.NotFromAuthority(content);
        if (timeInvalid || !IssueDays.CertificateValidOn(signer, content.IssueDate))
            return SealVerification.NotValidOnIssueDate(content);
        return SealVerification.Valid(content, signer);
    }

    private static bool Signed(X509Certificate2 certificate, byte[] message, byte[] signature)
    {
        using var key = certificate.GetECDsaPublicKey();
        return key is not null && key.KeySize == 256
            && key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    // The chain is built at an instant of the issue date when the sealing certificate is valid, so that a time
    // failure left over is the root's. Only time failures are told apart; every other failure is "not from the authority".
    private bool ChainsToRoot(X509Certificate2 certificate, DateOnly issueDate, out bool timeInvalid)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = IssueDays.ValidInstant(certificate, issueDate).UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        var built = chain.Build(certificate);
        var statuses = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        timeInvalid = statuses.HasFlag(X509ChainStatusFlags.NotTimeValid);
        var otherProblems = statuses & ~X509ChainStatusFlags.NotTimeValid;
        var anchoredHere = chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(_root.RawDataMemory.Span);
        return anchoredHere && otherProblems == X509ChainStatusFlags.NoError && (built || timeInvalid);
    }
}
