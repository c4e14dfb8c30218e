using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Myna.OnlineEligibility.Receipts;

/// <summary>
/// Signs the receipts of eligibility answers with the service's ECDSA P-256 key (SHA-256, the signature as r‖s), and
/// verifies them with its public key: what a clinic keeps for billing and anyone checks later. The content is canonical
/// JSON (UTF-8, members in a fixed order, no white space), so the bytes signed are the bytes kept.
/// </summary>
public sealed class ReceiptSigner(ECDsa key)
{
    private static readonly JsonWriterOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The public key, as a verifier needs it (SubjectPublicKeyInfo, PEM).</summary>
    public string PublicKeyPem => key.ExportSubjectPublicKeyInfoPem();

    /// <summary>The signature over <paramref name="content"/>'s UTF-8 bytes.</summary>
    public byte[] Sign(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return key.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Whether <paramref name="signature"/> is the service's over <paramref name="content"/>, checked with <paramref name="publicKeyPem"/>.</summary>
    public static bool Verify(string publicKeyPem, string content, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signature);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(publicKeyPem);
        return signature.Length == 64
            && publicKey.VerifyData(Encoding.UTF8.GetBytes(content), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Writes canonical JSON with <paramref name="write"/>.</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Canonical))
            write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
