using System.Formats.Asn1;

namespace Myna.Pki.Ocsp;

/// <summary>Hash algorithms a CertID may name (RFC 6960 §4.1.1, RFC 5019 §2.1.1 SHA-1; SHA-2 as OpenSSL sends with -sha256).</summary>
internal enum CertIdHash
{
    Unsupported = -1,
    Sha1 = 0,
    Sha256 = 1,
    Sha384 = 2,
    Sha512 = 3,
}

/// <summary>One CertID, as slices of the request bytes (nothing copied).</summary>
internal readonly ref struct CertIdView
{
    public CertIdView(ReadOnlySpan<byte> encoded, CertIdHash hash, ReadOnlySpan<byte> nameHash, ReadOnlySpan<byte> keyHash, ReadOnlySpan<byte> serial)
    {
        Encoded = encoded;
        Hash = hash;
        NameHash = nameHash;
        KeyHash = keyHash;
        Serial = serial;
    }

    /// <summary>The whole CertID TLV: echoed verbatim into the SingleResponse.</summary>
    public ReadOnlySpan<byte> Encoded { get; }
    public CertIdHash Hash { get; }
    public ReadOnlySpan<byte> NameHash { get; }
    public ReadOnlySpan<byte> KeyHash { get; }
    /// <summary>The serialNumber INTEGER contents, big-endian, as DER has them.</summary>
    public ReadOnlySpan<byte> Serial { get; }
}

/// <summary>An OCSPRequest read without allocating: counts, the first CertID, the nonce.</summary>
internal readonly ref struct OcspRequestView
{
    public OcspRequestView(int count, ReadOnlySpan<byte> requestList, CertIdView first, bool hasNonce, ReadOnlySpan<byte> nonce)
    {
        Count = count;
        RequestList = requestList;
        First = first;
        HasNonce = hasNonce;
        Nonce = nonce;
    }

    public int Count { get; }
    /// <summary>Contents of requestList (SEQUENCE OF Request), to walk again when <see cref="Count"/> &gt; 1.</summary>
    public ReadOnlySpan<byte> RequestList { get; }
    public CertIdView First { get; }
    public bool HasNonce { get; }
    /// <summary>The extnValue contents of the nonce extension (RFC 8954: an OCTET STRING of 1–32 octets).</summary>
    public ReadOnlySpan<byte> Nonce { get; }
}

/// <summary>
/// Reads OCSPRequest (RFC 6960 §4.1.1) with <see cref="AsnDecoder"/> over a span, so a well-formed request
/// costs no allocation. Anything that is not DER of the grammar throws <see cref="AsnContentException"/>.
/// </summary>
internal static class OcspRequestReader
{
    private const AsnEncodingRules Der = AsnEncodingRules.DER;
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Explicit1 = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag Explicit2 = new(TagClass.ContextSpecific, 2, isConstructed: true);

    // OID contents (X.690 §8.19): 1.3.14.3.2.26, 2.16.840.1.101.3.4.2.{1,2,3}, 1.3.6.1.5.5.7.48.1.2.
    private static ReadOnlySpan<byte> Sha1Oid => [0x2B, 0x0E, 0x03, 0x02, 0x1A];
    private static ReadOnlySpan<byte> Sha2OidPrefix => [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02];
    private static ReadOnlySpan<byte> NonceOid => [0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02];

    /// <summary>RFC 8954 §2.1: a nonce of 0 or more than 32 octets is rejected with malformedRequest.</summary>
    public const int MaxNonceLength = 32;

    public static OcspRequestView Read(ReadOnlySpan<byte> der, int maxRequests)
    {
        // OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
        var ocspRequest = Sequence(der, out var consumed);
        if (consumed != der.Length)
            throw new AsnContentException("Trailing data after OCSPRequest.");
        var tbs = Sequence(ocspRequest, out consumed);
        var rest = ocspRequest[consumed..];
        if (!rest.IsEmpty)
        {
            // The signature is not required here (RFC 6960 §4.1.2: responders MAY require it); it is skipped.
            Sequence(rest, out consumed, Explicit0);
            if (consumed != rest.Length)
                throw new AsnContentException("Trailing data in OCSPRequest.");
        }

        // TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, requestorName [1] EXPLICIT GeneralName
        //   OPTIONAL, requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
        if (PeekIs(tbs, Explicit0))
        {
            var version = Sequence(tbs, out consumed, Explicit0);
            tbs = tbs[consumed..];
            // DER omits a DEFAULT value, but a v1 written out is tolerated as OpenSSL and others accept it.
            if (!AsnDecoder.TryReadInt32(version, Der, out var v, out var used) || v != 0 || used != version.Length)
                throw new AsnContentException("Unsupported OCSPRequest version.");
        }
        if (PeekIs(tbs, Explicit1))
        {
            AsnDecoder.ReadEncodedValue(tbs, Der, out _, out _, out consumed);
            tbs = tbs[consumed..];
        }
        var requestList = Sequence(tbs, out consumed);
        tbs = tbs[consumed..];
        var hasNonce = false;
        ReadOnlySpan<byte> nonce = default;
        if (!tbs.IsEmpty)
        {
            var explicitExtensions = Sequence(tbs, out consumed, Explicit2);
            var extensions = Sequence(explicitExtensions, out var extConsumed);
            tbs = tbs[consumed..];
            if (!tbs.IsEmpty || extConsumed != explicitExtensions.Length)
                throw new AsnContentException("Trailing data in TBSRequest.");
            hasNonce = FindNonce(extensions, out nonce);
        }

        var count = 0;
        CertIdView first = default;
        var list = requestList;
        while (!list.IsEmpty)
        {
            var certId = ReadRequest(list, out consumed);
            list = list[consumed..];
            if (count == 0)
                first = certId;
            count++;
            if (count > maxRequests)
                throw new AsnContentException("Too many requests in one OCSPRequest.");
        }
        if (count == 0)
            throw new AsnContentException("An OCSPRequest names at least one certificate.");
        return new OcspRequestView(count, requestList, first, hasNonce, nonce);
    }

    /// <summary>Reads one Request from <paramref name="list"/> (already validated by <see cref="Read"/>).</summary>
    public static CertIdView ReadRequest(ReadOnlySpan<byte> list, out int consumed)
    {
        // Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
        var request = Sequence(list, out consumed);
        var certId = ReadCertId(request, out var certIdLength);
        var rest = request[certIdLength..];
        if (!rest.IsEmpty)
        {
            // Single-request extensions (e.g. RFC 6960 §4.4.6 service locator) are not acted on.
            Sequence(rest, out var extLength, Explicit0);
            if (extLength != rest.Length)
                throw new AsnContentException("Trailing data in Request.");
        }
        return certId;
    }

    private static CertIdView ReadCertId(ReadOnlySpan<byte> source, out int consumed)
    {
        // CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
        //   issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
        var certId = Sequence(source, out consumed);
        var encoded = source[..consumed];
        var algorithm = Sequence(certId, out var used);
        certId = certId[used..];
        var hash = ReadHashAlgorithm(algorithm);
        var nameHash = OctetString(certId, out used);
        certId = certId[used..];
        var keyHash = OctetString(certId, out used);
        certId = certId[used..];
        var serial = AsnDecoder.ReadIntegerBytes(certId, Der, out used);
        if (used != certId.Length)
            throw new AsnContentException("Trailing data in CertID.");
        return new CertIdView(encoded, hash, nameHash, keyHash, serial);
    }

    private static CertIdHash ReadHashAlgorithm(ReadOnlySpan<byte> algorithm)
    {
        // AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
        // (NULL or absent for the SHA family, RFC 5754 §2).
        AsnDecoder.ReadEncodedValue(algorithm, Der, out var oidOffset, out var oidLength, out var used);
        if (algorithm[0] != 0x06)
            throw new AsnContentException("AlgorithmIdentifier without an OID.");
        var oid = algorithm.Slice(oidOffset, oidLength);
        var parameters = algorithm[used..];
        if (!parameters.IsEmpty && !parameters.SequenceEqual((ReadOnlySpan<byte>)[0x05, 0x00]))
            throw new AsnContentException("Unexpected hash parameters.");
        if (oid.SequenceEqual(Sha1Oid))
            return CertIdHash.Sha1;
        if (oid.Length == Sha2OidPrefix.Length + 1 && oid.StartsWith(Sha2OidPrefix))
        {
            return oid[^1] switch
            {
                1 => CertIdHash.Sha256,
                2 => CertIdHash.Sha384,
                3 => CertIdHash.Sha512,
                _ => CertIdHash.Unsupported,
            };
        }
        return CertIdHash.Unsupported;
    }

    private static bool FindNonce(ReadOnlySpan<byte> extensions, out ReadOnlySpan<byte> nonce)
    {
        nonce = default;
        var found = false;
        while (!extensions.IsEmpty)
        {
            // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
            var extension = Sequence(extensions, out var used);
            extensions = extensions[used..];
            AsnDecoder.ReadEncodedValue(extension, Der, out var oidOffset, out var oidLength, out used);
            if (extension[0] != 0x06)
                throw new AsnContentException("Extension without an OID.");
            var oid = extension.Slice(oidOffset, oidLength);
            var rest = extension[used..];
            if (!rest.IsEmpty && rest[0] == 0x01)
            {
                AsnDecoder.ReadBoolean(rest, Der, out used);
                rest = rest[used..];
            }
            var value = OctetString(rest, out used);
            if (used != rest.Length)
                throw new AsnContentException("Trailing data in Extension.");
            if (!oid.SequenceEqual(NonceOid))
                continue;
            if (found)
                throw new AsnContentException("Two nonces.");
            found = true;
            nonce = value;
            // RFC 8954 §2.1: Nonce ::= OCTET STRING (SIZE(1..32)), inside extnValue. Early clients put the
            // bare bytes in extnValue; those are measured as they are.
            var inner = value;
            if (value.Length > 0 && value[0] == 0x04 &&
                AsnDecoder.TryReadPrimitiveOctetString(value, Der, out var wrapped, out var wrappedLength) &&
                wrappedLength == value.Length)
            {
                inner = wrapped;
            }
            if (inner.Length is 0 or > MaxNonceLength)
                throw new AsnContentException("Nonce of 0 or more than 32 octets (RFC 8954 §2.1).");
        }
        return found;
    }

    private static bool PeekIs(ReadOnlySpan<byte> source, Asn1Tag tag) =>
        !source.IsEmpty && Asn1Tag.TryDecode(source, out var actual, out _) && actual == tag;

    private static ReadOnlySpan<byte> Sequence(ReadOnlySpan<byte> source, out int consumed, Asn1Tag? tag = null)
    {
        AsnDecoder.ReadSequence(source, Der, out var offset, out var length, out consumed, tag);
        return source.Slice(offset, length);
    }

    private static ReadOnlySpan<byte> OctetString(ReadOnlySpan<byte> source, out int consumed)
    {
        // DER octet strings are primitive (X.690 §10.2), so the contents are a slice of the input.
        if (!AsnDecoder.TryReadPrimitiveOctetString(source, Der, out var value, out consumed))
            throw new AsnContentException("Constructed OCTET STRING.");
        return value;
    }
}
