using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Primitives;
using Myna.Testing.Pki;

namespace Myna.Pki.Tests;

/// <summary>The PKI tests' fixed instant and clock, their card key, and DER decoding helpers (the holder is <see cref="TestHolder"/>).</summary>
internal static class TestPki
{
    /// <summary>The test card's issue day (card-interface §6: 2025-10-27 → 2030-02-17), 10:00 JST.</summary>
    public static readonly DateTimeOffset IssueInstant = new(2025, 10, 27, 10, 0, 0, JapanClock.Offset);

    /// <summary>A card key: the run's shared signature test key, since key generation is slow and any key will do.</summary>
    public static RSAParameters CardPublicKey => TestCardKeys.Signature.ExportParameters(false);

    public static byte[] CardRsaPublicKeyDer => TestCardKeys.Signature.ExportRSAPublicKey();

    public static FakeTimeProvider ClockAt(DateTimeOffset instant) => new(instant);

    /// <summary>Both authorities on the run's cached test CA keys (<see cref="TestCaKeyStore"/>).</summary>
    public static JpkiAuthorities NewAuthorities(TimeProvider clock, JpkiAuthorityOptions? options = null) =>
        JpkiAuthorities.LoadOrCreate(new TestCaKeyStore(), options ?? new JpkiAuthorityOptions(), clock);

    public static X509Extension Extension(X509Certificate2 certificate, string oid) =>
        certificate.Extensions[oid] ?? throw new Xunit.Sdk.XunitException($"extension {oid} missing");

    /// <summary>An RDN attribute as encoded: type OID, universal tag of the string, value.</summary>
    public readonly record struct Atv(string Oid, UniversalTagNumber Tag, string Value);

    /// <summary>Decodes <c>Name ::= SEQUENCE OF RelativeDistinguishedName</c> in encoded order (RFC 5280 §4.1.2.4).</summary>
    public static List<Atv> DecodeName(ReadOnlyMemory<byte> der)
    {
        var result = new List<Atv>();
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var rdns = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf();
            var atv = set.ReadSequence();
            set.ThrowIfNotEmpty();
            var oid = atv.ReadObjectIdentifier();
            var tag = (UniversalTagNumber)atv.PeekTag().TagValue;
            result.Add(new Atv(oid, tag, atv.ReadCharacterString(tag)));
            atv.ThrowIfNotEmpty();
        }
        return result;
    }

    public const string C = "2.5.4.6";
    public const string O = "2.5.4.10";
    public const string OU = "2.5.4.11";
    public const string L = "2.5.4.7";
    public const string CN = "2.5.4.3";

    public static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    public static readonly Asn1Tag Context4 = new(TagClass.ContextSpecific, 4, isConstructed: true);

    /// <summary>Reads a GeneralName that must be a directoryName and returns the Name's DER.</summary>
    public static ReadOnlyMemory<byte> ReadDirectoryName(AsnReader generalNames)
    {
        var explicitName = generalNames.ReadSequence(Context4);
        var name = explicitName.ReadEncodedValue();
        explicitName.ThrowIfNotEmpty();
        return name;
    }

    /// <summary>The TBSCertificate's validity times with their tags (RFC 5280 §4.1.2.5).</summary>
    public static ((Asn1Tag Tag, DateTimeOffset Time) NotBefore, (Asn1Tag Tag, DateTimeOffset Time) NotAfter) Validity(X509Certificate2 certificate)
    {
        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER);
        var tbs = reader.ReadSequence().ReadSequence();
        tbs.ReadSequence(Context0); // [0] EXPLICIT version
        tbs.ReadIntegerBytes();     // serialNumber
        tbs.ReadSequence();         // signature
        tbs.ReadSequence();         // issuer
        var validity = tbs.ReadSequence();
        var t1 = validity.PeekTag();
        var notBefore = ReadTime(validity, t1);
        var t2 = validity.PeekTag();
        var notAfter = ReadTime(validity, t2);
        return ((t1, notBefore), (t2, notAfter));
    }

    // Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }: UTCTime up to 2049, GeneralizedTime from 2050.
    private static DateTimeOffset ReadTime(AsnReader reader, Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}

/// <summary>A clock a test sets to any instant, backwards too (a fake time provider only goes forward), as a sandbox's may be.</summary>
internal sealed class MovableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
