using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;
using static Myna.Pki.Tests.TestPki;

namespace Myna.Pki.Tests.Revocation;

/// <summary>A CRL decoded field by field (RFC 5280 §5.1), independently of the code that wrote it.</summary>
internal sealed record DecodedCrl(
    int Version,
    string SignatureAlgorithm,
    ReadOnlyMemory<byte> Issuer,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    IReadOnlyList<DecodedCrlEntry> Entries,
    BigInteger? CrlNumber,
    byte[]? AuthorityKeyIdentifier,
    IReadOnlyList<string> ExtensionOids,
    ReadOnlyMemory<byte> TbsCertList,
    byte[] Signature)
{
    private const string CrlNumberOid = "2.5.29.20";
    private const string AkiOid = "2.5.29.35";
    private const string ReasonCodeOid = "2.5.29.21";
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static DecodedCrl Decode(byte[] der)
    {
        // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var tbsBytes = certList.PeekEncodedValue();
        var tbs = certList.ReadSequence();
        var outerAlgorithm = certList.ReadSequence().ReadObjectIdentifier();
        var signature = certList.ReadBitString(out _);
        certList.ThrowIfNotEmpty();

        // TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature, issuer, thisUpdate, nextUpdate OPTIONAL,
        //   revokedCertificates SEQUENCE OF … OPTIONAL, crlExtensions [0] EXPLICIT Extensions OPTIONAL }
        var version = tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer) ? (int)tbs.ReadInteger() : 0;
        var algorithm = tbs.ReadSequence().ReadObjectIdentifier();
        Assert.Equal(outerAlgorithm, algorithm);
        var issuer = tbs.ReadEncodedValue();
        var thisUpdate = ReadTime(tbs);
        DateTimeOffset? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;

        var entries = new List<DecodedCrlEntry>();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var revoked = tbs.ReadSequence();
            while (revoked.HasData)
            {
                var entry = revoked.ReadSequence();
                var serial = Convert.ToHexString(entry.ReadIntegerBytes().Span);
                var date = ReadTime(entry);
                X509RevocationReason? reason = null;
                if (entry.HasData)
                {
                    foreach (var (oid, _, value) in ReadExtensions(entry.ReadSequence()))
                    {
                        if (oid == ReasonCodeOid)
                            reason = (X509RevocationReason)(int)new BigInteger(
                                new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedBytes().Span, isUnsigned: false, isBigEndian: true);
                    }
                }
                entry.ThrowIfNotEmpty();
                entries.Add(new DecodedCrlEntry(serial, date, reason));
            }
        }

        BigInteger? number = null;
        byte[]? aki = null;
        var oids = new List<string>();
        if (tbs.HasData)
        {
            var wrapper = tbs.ReadSequence(Explicit0);
            foreach (var (oid, _, value) in ReadExtensions(wrapper.ReadSequence()))
            {
                oids.Add(oid);
                if (oid == CrlNumberOid)
                    number = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                if (oid == AkiOid)
                {
                    // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }
                    var seq = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
                    aki = seq.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
                    seq.ThrowIfNotEmpty();
                }
            }
            wrapper.ThrowIfNotEmpty();
        }
        tbs.ThrowIfNotEmpty();
        return new DecodedCrl(version, algorithm, issuer, thisUpdate, nextUpdate, entries, number, aki, oids, tbsBytes, signature);
    }

    /// <summary>Whether the signature verifies under <paramref name="ca"/>'s public key (sha256WithRSAEncryption).</summary>
    public bool IsSignedBy(X509Certificate2 ca)
    {
        using var rsa = ca.GetRSAPublicKey()!;
        return rsa.VerifyData(TbsCertList.Span, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static IEnumerable<(string Oid, bool Critical, byte[] Value)> ReadExtensions(AsnReader extensions)
    {
        var list = new List<(string, bool, byte[])>();
        while (extensions.HasData)
        {
            var e = extensions.ReadSequence();
            var oid = e.ReadObjectIdentifier();
            var critical = e.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && e.ReadBoolean();
            list.Add((oid, critical, e.ReadOctetString()));
            e.ThrowIfNotEmpty();
        }
        return list;
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}

/// <summary>One revokedCertificates entry: serial (upper-case hex), revocationDate, reasonCode if present.</summary>
internal sealed record DecodedCrlEntry(string SerialNumber, DateTimeOffset RevocationDate, X509RevocationReason? Reason);
