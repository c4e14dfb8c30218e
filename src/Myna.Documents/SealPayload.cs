using System.IO.Compression;
using System.Text;

namespace Myna.Documents;

/// <summary>
/// The seal payload: the text of the QR code printed on the certificate. It carries the content itself, so that a
/// person scanning the paper reads what the municipality signed, and the signature over it.
/// </summary>
/// <remarks>
/// <c>MYNADOC1:</c> followed by the unpadded base64url (RFC 4648 §5) of these bytes (docs/documents.md §3):
/// <code>
/// offset     size  field
/// 0          1     n: the issue number's length in UTF-8 bytes, 1..64
/// 1          n     the issue number, UTF-8
/// 1+n        6     the municipality's local government code, six ASCII digits
/// 7+n        64    the signature: ECDSA P-256 over SHA-256, r and s as two 32-byte big-endian integers (IEEE P1363)
/// 71+n       rest  the canonical content, raw DEFLATE (RFC 1951: no zlib or gzip header)
/// </code>
/// The signed message is the ASCII bytes <c>MYNADOC1</c>, one zero byte, and then the canonical content (not its
/// compressed form, so that any DEFLATE encoder may be used). The issue number and the code are repeated outside the
/// compressed part so that a reader can name the certificate and choose the sealing certificate before inflating;
/// they must equal the content's.
/// </remarks>
public static class SealPayload
{
    /// <summary>The text every version-1 payload starts with.</summary>
    public const string Prefix = "MYNADOC1:";

    /// <summary>
    /// The longest payload, in characters: what a QR code of version 40 holds in byte mode at error correction level L
    /// (2,953 bytes, ISO/IEC 18004 Table 7). A payload this long is printed at level L; a shorter one at the highest
    /// level it fits (<see cref="SealQrCode"/>).
    /// </summary>
    public const int MaxLength = 2953;

    /// <summary>The signature's length: r and s of P-256, 32 bytes each.</summary>
    public const int SignatureLength = 64;

    private const int CodeLength = 6;

    /// <summary>What is signed: <c>MYNADOC1</c>, 0x00, the canonical content.</summary>
    internal static byte[] SignedMessage(ReadOnlySpan<byte> canonical)
    {
        var domain = "MYNADOC1\0"u8;
        var message = new byte[domain.Length + canonical.Length];
        domain.CopyTo(message);
        canonical.CopyTo(message.AsSpan(domain.Length));
        return message;
    }

    /// <summary>Writes a payload. The caller has checked that the parts belong together.</summary>
    internal static string Encode(CertificateContent content, ReadOnlySpan<byte> canonical, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
            throw new ArgumentException($"A seal's signature is {SignatureLength} bytes.", nameof(signature));
        var issueNumber = Encoding.UTF8.GetBytes(content.IssueNumber);
        using var bytes = new MemoryStream();
        bytes.WriteByte(checked((byte)issueNumber.Length));
        bytes.Write(issueNumber);
        bytes.Write(Encoding.ASCII.GetBytes(content.Municipality.Code));
        bytes.Write(signature);
        using (var deflate = new DeflateStream(bytes, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(canonical);
        return Prefix + Base64Url.Encode(bytes.ToArray());
    }

    /// <summary>A payload taken apart, its signature not yet checked.</summary>
    internal sealed record Parts(string IssueNumber, string MunicipalityCode, byte[] Signature, byte[] Canonical, CertificateContent Content);

    /// <summary>Takes a payload apart, inflating at most <see cref="CertificateContent.MaxCanonicalBytes"/>.</summary>
    /// <exception cref="DocumentFormatException">Not a version-1 payload, or its parts disagree; the message says how.</exception>
    internal static Parts Decode(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!payload.StartsWith(Prefix, StringComparison.Ordinal))
            throw new DocumentFormatException($"The text does not start with {Prefix}.");
        if (payload.Length > MaxLength)
            throw new DocumentFormatException($"The payload is longer than {MaxLength} characters.");
        var bytes = Base64Url.Decode(payload.AsSpan(Prefix.Length))
            ?? throw new DocumentFormatException("The payload is not base64url.");
        var n = bytes.Length > 0 ? bytes[0] : 0;
        if (n is 0 or > CertificateContent.MaxIssueNumberBytes || bytes.Length < 1 + n + CodeLength + SignatureLength + 1)
            throw new DocumentFormatException("The payload is too short.");
        string issueNumber, code;
        try
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            issueNumber = strict.GetString(bytes, 1, n);
            code = strict.GetString(bytes, 1 + n, CodeLength);
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentFormatException("The issue number is not UTF-8.", e);
        }
        var signature = bytes.AsSpan(1 + n + CodeLength, SignatureLength).ToArray();
        var canonical = Inflate(bytes.AsSpan(1 + n + CodeLength + SignatureLength));
        var content = CertificateContent.FromCanonicalBytes(canonical);
        if (content.IssueNumber != issueNumber)
            throw new DocumentFormatException("The issue number outside the content is not the content's.");
        if (content.Municipality.Code != code)
            throw new DocumentFormatException("The municipality code outside the content is not the content's.");
        return new Parts(issueNumber, code, signature, canonical, content);
    }

    // Reads one byte past the cap to tell "exactly the cap" from "more": a small payload that inflates to megabytes
    // (a decompression bomb) stops there.
    private static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            var buffer = new byte[CertificateContent.MaxCanonicalBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = deflate.Read(buffer, total, buffer.Length - total)) > 0)
                total += read;
            if (total > CertificateContent.MaxCanonicalBytes)
                throw new DocumentFormatException($"The content inflates to more than {CertificateContent.MaxCanonicalBytes} bytes.");
            return buffer[..total];
        }
        catch (InvalidDataException e)
        {
            throw new DocumentFormatException("The content is not DEFLATE data.", e);
        }
    }

    /// <summary>RFC 4648 §5 without padding: the alphabet A–Z a–z 0–9 - _.</summary>
    private static class Base64Url
    {
        public static string Encode(byte[] bytes) =>
            Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[]? Decode(ReadOnlySpan<char> text)
        {
            if (text.Length % 4 == 1)
                return null;
            var standard = new StringBuilder(text.Length + 3);
            foreach (var c in text)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                    return null;
                standard.Append(c switch { '-' => '+', '_' => '/', _ => c });
            }
            standard.Append('=', (4 - text.Length % 4) % 4);
            var bytes = new byte[standard.Length / 4 * 3];
            return Convert.TryFromBase64String(standard.ToString(), bytes, out var written) ? bytes[..written] : null;
        }
    }
}
