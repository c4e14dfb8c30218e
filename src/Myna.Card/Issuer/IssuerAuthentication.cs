using System.Security.Cryptography;
using System.Text;

namespace Myna.Card.Issuer;

/// <summary>
/// The message an issuer signs to open an issuer session (docs/card.md §2):
/// <c>SHA-256("MYNA-ISSUER-AUTH-1" ‖ card serial ASCII ‖ challenge)</c>, ECDSA P-256, IEEE P1363 (r ‖ s).
/// Shared by the chip (verify) and the host (sign).
/// </summary>
public static class IssuerAuthentication
{
    /// <summary>The domain-separation label.</summary>
    public const string Label = "MYNA-ISSUER-AUTH-1";

    /// <summary>Length of the challenge the host asks for (<c>00 84 00 00 20</c>).</summary>
    public const int ChallengeLength = 32;

    /// <summary>Length of the P1363 signature (r ‖ s for P-256).</summary>
    public const int SignatureLength = 64;

    /// <summary>The bytes that are hashed and signed.</summary>
    public static byte[] Message(string serial, ReadOnlySpan<byte> challenge)
    {
        ArgumentNullException.ThrowIfNull(serial);
        var label = Encoding.ASCII.GetBytes(Label);
        var serialBytes = Encoding.ASCII.GetBytes(serial);
        var message = new byte[label.Length + serialBytes.Length + challenge.Length];
        label.CopyTo(message, 0);
        serialBytes.CopyTo(message, label.Length);
        challenge.CopyTo(message.AsSpan(label.Length + serialBytes.Length));
        return message;
    }

    /// <summary>Signs the challenge as the issuing system.</summary>
    public static byte[] Sign(ECDsa issuerKey, string serial, ReadOnlySpan<byte> challenge)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        return issuerKey.SignData(Message(serial, challenge), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal static bool Verify(ReadOnlySpan<byte> issuerPublicKeySpki, string serial, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> signature)
    {
        if (issuerPublicKeySpki.IsEmpty || signature.Length != SignatureLength)
            return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(issuerPublicKeySpki, out _);
            return key.VerifyData(Message(serial, challenge), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
