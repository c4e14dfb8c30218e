using System.Numerics;
using System.Security.Cryptography;

namespace Myna.Card.Keys;

/// <summary>
/// A private key held by the chip, with the card-side padding of COMPUTE DIGITAL SIGNATURE (card-interface §4):
/// <c>EM = 00 01 FF…FF 00 ‖ data</c> (PKCS#1 v1.5 type 1, RFC 8017 §9.2 steps 3–5 without the DigestInfo
/// step), then the RSA private operation.
/// </summary>
/// <remarks>
/// <para>.NET offers no raw RSA private operation: <c>RSA.Decrypt</c> has no "no padding" mode and
/// <c>RSA.SignHash</c> always builds the DigestInfo itself from a known hash algorithm. So:</para>
/// <list type="bullet">
/// <item>when <c>data</c> is exactly a DER DigestInfo of SHA-1/256/384/512 (what OpenSC and every known
/// client send), the framework's <c>SignHash(…, Pkcs1)</c> produces the very same EM and signature, using
/// the platform's hardened (blinded) implementation;</item>
/// <item>for any other data the chip does the private operation itself with <see cref="BigInteger"/> and the
/// CRT (RFC 8017 §5.1.2 2.b), and checks the result with the public exponent before answering (a fault
/// would otherwise leak a factor of n).</item>
/// </list>
/// </remarks>
internal sealed class CardRsaKey : IDisposable
{
    private readonly RSA _rsa;
    private readonly Lazy<CrtParameters> _crt;

    public CardRsaKey(ReadOnlySpan<byte> pkcs1PrivateKey)
    {
        _rsa = RSA.Create();
        _rsa.ImportRSAPrivateKey(pkcs1PrivateKey, out _);
        _crt = new Lazy<CrtParameters>(() => new CrtParameters(_rsa.ExportParameters(includePrivateParameters: true)));
        ModulusLength = _rsa.KeySize / 8;
    }

    /// <summary>k, the modulus length in bytes (256 for RSA-2048).</summary>
    public int ModulusLength { get; }

    /// <summary>The largest data for type-1 padding: k − 11 (245 for RSA-2048).</summary>
    public int MaxPkcs1Data => ModulusLength - 11;

    public RSA Rsa => _rsa;

    /// <summary>Signs <paramref name="data"/> padded as PKCS#1 v1.5 type 1 (card-interface §4, P1 = 00).</summary>
    public byte[] SignPkcs1Type1(ReadOnlySpan<byte> data)
    {
        if (data.Length is 0 || data.Length > MaxPkcs1Data)
            throw new ArgumentException("PKCS#1 type-1 data is 1 to k-11 bytes.", nameof(data));
        if (TryParseDigestInfo(data, out var algorithm, out var hash))
            return _rsa.SignHash(hash, algorithm, RSASignaturePadding.Pkcs1);
        return SignPkcs1Type1Raw(data);
    }

    /// <summary>The <see cref="BigInteger"/> path, also used by tests to check both paths agree.</summary>
    internal byte[] SignPkcs1Type1Raw(ReadOnlySpan<byte> data)
    {
        var k = ModulusLength;
        var em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - 3 - data.Length).Fill(0xFF);
        data.CopyTo(em.AsSpan(k - data.Length));
        return PrivateOperation(em);
    }

    private byte[] PrivateOperation(byte[] em)
    {
        var p = _crt.Value;
        var c = new BigInteger(em, isUnsigned: true, isBigEndian: true);
        var m1 = BigInteger.ModPow(c % p.P, p.DP, p.P);
        var m2 = BigInteger.ModPow(c % p.Q, p.DQ, p.Q);
        var h = p.InverseQ * (m1 - m2) % p.P;
        if (h.Sign < 0)
            h += p.P;
        var s = m2 + (h * p.Q);
        if (BigInteger.ModPow(s, p.E, p.N) != c)
            throw new CryptographicException("RSA private operation fault.");
        var signature = new byte[ModulusLength];
        var magnitude = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        magnitude.CopyTo(signature, signature.Length - magnitude.Length);
        CryptographicOperations.ZeroMemory(em);
        return signature;
    }

    // DER DigestInfo prefixes, RFC 8017 §9.2 note 1.
    private static readonly (HashAlgorithmName Name, byte[] Prefix, int HashLength)[] DigestInfoPrefixes =
    [
        (HashAlgorithmName.SHA256, Convert.FromHexString("3031300D060960864801650304020105000420"), 32),
        (HashAlgorithmName.SHA384, Convert.FromHexString("3041300D060960864801650304020205000430"), 48),
        (HashAlgorithmName.SHA512, Convert.FromHexString("3051300D060960864801650304020305000440"), 64),
        (HashAlgorithmName.SHA1, Convert.FromHexString("3021300906052B0E03021A05000414"), 20),
    ];

    internal static bool TryParseDigestInfo(ReadOnlySpan<byte> data, out HashAlgorithmName algorithm, out byte[] hash)
    {
        foreach (var (name, prefix, length) in DigestInfoPrefixes)
        {
            if (data.Length == prefix.Length + length && data.StartsWith(prefix))
            {
                algorithm = name;
                hash = data[prefix.Length..].ToArray();
                return true;
            }
        }
        algorithm = default;
        hash = [];
        return false;
    }

    public static byte[] DigestInfoSha256(ReadOnlySpan<byte> hash)
    {
        var prefix = DigestInfoPrefixes[0].Prefix;
        var info = new byte[prefix.Length + hash.Length];
        prefix.CopyTo(info, 0);
        hash.CopyTo(info.AsSpan(prefix.Length));
        return info;
    }

    public void Dispose() => _rsa.Dispose();

    private sealed class CrtParameters
    {
        public CrtParameters(RSAParameters parameters)
        {
            N = ToInteger(parameters.Modulus);
            E = ToInteger(parameters.Exponent);
            P = ToInteger(parameters.P);
            Q = ToInteger(parameters.Q);
            DP = ToInteger(parameters.DP);
            DQ = ToInteger(parameters.DQ);
            InverseQ = ToInteger(parameters.InverseQ);
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
        }

        public BigInteger N { get; }
        public BigInteger E { get; }
        public BigInteger P { get; }
        public BigInteger Q { get; }
        public BigInteger DP { get; }
        public BigInteger DQ { get; }
        public BigInteger InverseQ { get; }

        private static BigInteger ToInteger(byte[]? bytes) =>
            new(bytes ?? throw new CryptographicException("Incomplete RSA private key."), isUnsigned: true, isBigEndian: true);
    }
}
