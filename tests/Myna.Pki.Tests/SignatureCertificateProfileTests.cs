using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests;

/// <summary>The signature certificate against card-interface §6, decoded byte by byte.</summary>
public sealed class SignatureCertificateProfileTests : IDisposable
{
    private readonly JpkiAuthorities _authorities = NewAuthorities(ClockAt(IssueInstant));
    private readonly X509Certificate2 _cert;

    public SignatureCertificateProfileTests()
    {
        _cert = _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2));
    }

    public void Dispose()
    {
        _cert.Dispose();
        _authorities.Dispose();
    }

    [Fact]
    public void SignatureCertificate_Issued_IsV3Sha256WithRsaWithNullParameters_Interface6()
    {
        Assert.Equal(3, _cert.Version);
        var reader = new AsnReader(_cert.RawData, AsnEncodingRules.DER).ReadSequence();
        reader.ReadSequence(); // tbsCertificate
        // AlgorithmIdentifier: 30 0D 06 09 2A 86 48 86 F7 0D 01 01 0B 05 00
        Assert.Equal(Convert.FromHexString("300D06092A864886F70D01010B0500"), reader.ReadEncodedValue().ToArray());
        Assert.False(_cert.HasPrivateKey);
    }

    [Fact]
    public void SignatureCertificate_Issued_IssuerIsCaDnWithPrintableCountryAndUtf8Rest_Interface6()
    {
        Assert.Equal(
            [
                new Atv(C, UniversalTagNumber.PrintableString, "JP"),
                new Atv(O, UniversalTagNumber.UTF8String, "JPKI"),
                new Atv(OU, UniversalTagNumber.UTF8String, "JPKI for digital signature"),
                new Atv(OU, UniversalTagNumber.UTF8String, "Japan Agency for Local Authority Information Systems"),
            ],
            DecodeName(_cert.IssuerName.RawData));
        Assert.Equal(_authorities.Signature.Certificate.SubjectName.RawData, _cert.IssuerName.RawData);
    }

    [Fact]
    public void SignatureCertificate_Issued_SubjectIsCountryPrefectureCityOpaqueCn_Interface6()
    {
        var subject = DecodeName(_cert.SubjectName.RawData);
        Assert.Equal(4, subject.Count);
        Assert.Equal(new Atv(C, UniversalTagNumber.PrintableString, "JP"), subject[0]);
        Assert.Equal(new Atv(L, UniversalTagNumber.UTF8String, "Fukushima-ken"), subject[1]);
        Assert.Equal(new Atv(L, UniversalTagNumber.UTF8String, "Koriyama-shi"), subject[2]);
        Assert.Equal(CN, subject[3].Oid);
        Assert.Matches("^[0-9A-Z]{23}$", subject[3].Value);
    }

    [Fact]
    public void SignatureCertificate_Issued_ExtensionsInRealCardOrderOnlyKeyUsageCritical_Interface6()
    {
        Assert.Equal(
            [JpkiOids.KeyUsage, JpkiOids.SubjectAltName, JpkiOids.IssuerAltName, JpkiOids.CrlDistributionPoints,
             JpkiOids.CertificatePolicies, JpkiOids.AuthorityKeyIdentifier, JpkiOids.SubjectKeyIdentifier],
            _cert.Extensions.Select(e => e.Oid!.Value!).ToArray());
        Assert.Equal([true, false, false, false, false, false, false], _cert.Extensions.Select(e => e.Critical).ToArray());
    }

    [Fact]
    public void SignatureCertificate_KeyUsage_IsDigitalSignatureAndNonRepudiation_Interface6()
    {
        Assert.Equal(Convert.FromHexString("030206C0"), Extension(_cert, JpkiOids.KeyUsage).RawData);
    }

    [Fact]
    public void SignatureCertificate_SubjectAltName_HasSixOtherNamesInRealCardOrder_Interface6E1()
    {
        var reader = new AsnReader(Extension(_cert, JpkiOids.SubjectAltName).RawData, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var found = new List<(string, string)>();
        while (names.HasData)
        {
            // otherName [0] IMPLICIT SEQUENCE { type-id, [0] EXPLICIT UTF8String }
            var otherName = names.ReadSequence(Context0);
            var oid = otherName.ReadObjectIdentifier();
            var value = otherName.ReadSequence(Context0);
            found.Add((oid, value.ReadCharacterString(UniversalTagNumber.UTF8String)));
            value.ThrowIfNotEmpty();
            otherName.ThrowIfNotEmpty();
        }
        Assert.Equal(
            [
                ("1.2.392.200149.8.5.5.1", "番号　花子"),
                ("1.2.392.200149.8.5.5.4", "419900102"),
                ("1.2.392.200149.8.5.5.3", "2"),
                ("1.2.392.200149.8.5.5.5", "福島県郡山市朝日一丁目２３番７号"),
                ("1.2.392.200149.8.5.5.2", "00000"),
                ("1.2.392.200149.8.5.5.6", "0000000000000000"),
            ],
            found);
    }

    [Fact]
    public void SubstituteMap_CharactersOutsideJis_AreReplacedAndMarked_SurrogatePairCountsOnce_Interface6()
    {
        // 𠮷 (U+20BB7) is two UTF-16 units but one character of the name; 髙 is a vendor extension, not JIS.
        var person = new BasicFourInformation("𠮷田　花子", "東京都千代田区髙田１－１", Hanako.BirthDate, Sex.Female);
        var names = JpkiExtensions.SignatureOtherNames(new SignatureCertificateSubject(person, Koriyama))
            .ToDictionary(n => n.TypeId, n => n.Value);
        Assert.Equal("吉田　花子", names[JpkiOids.Name]);
        Assert.Equal("10000", names[JpkiOids.NameSubstituteMap]);
        Assert.Equal("東京都千代田区高田１－１", names[JpkiOids.Address]);
        Assert.Equal("000000010000", names[JpkiOids.AddressSubstituteMap]);
    }

    [Fact]
    public void SignatureCertificate_IssuerAltName_IsDirNameOfThePublicService_Interface6()
    {
        var reader = new AsnReader(Extension(_cert, JpkiOids.IssuerAltName).RawData, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        var name = ReadDirectoryName(names);
        names.ThrowIfNotEmpty();
        Assert.Equal(
            [
                new Atv(C, UniversalTagNumber.PrintableString, "JP"),
                new Atv(O, UniversalTagNumber.UTF8String, "公的個人認証サービス"),
            ],
            DecodeName(name));
    }

    [Fact]
    public void SignatureCertificate_CrlDistributionPoint_IsMunicipalityDirName_Interface6()
    {
        var fullName = ReadSingleFullName(Extension(_cert, JpkiOids.CrlDistributionPoints));
        var name = ReadDirectoryName(fullName);
        Assert.False(fullName.HasData, "no URI unless asked for");
        Assert.Equal(
            [
                new Atv(C, UniversalTagNumber.PrintableString, "JP"),
                new Atv(O, UniversalTagNumber.UTF8String, "JPKI"),
                new Atv(OU, UniversalTagNumber.UTF8String, "JPKI for digital signature"),
                new Atv(OU, UniversalTagNumber.UTF8String, "CRL Distribution Points"),
                new Atv(OU, UniversalTagNumber.UTF8String, "Fukushima-ken"),
                new Atv(CN, UniversalTagNumber.UTF8String, "Koriyama-shi CRLDP"),
            ],
            DecodeName(name));
    }

    [Fact]
    public void SignatureCertificate_WithCrlUrl_AddsUriAsSecondNameOfTheSamePoint_Rfc5280_4_2_1_13()
    {
        using var cert = _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2),
            new Uri("http://crl.myna.test/sign/koriyama.crl"));
        var fullName = ReadSingleFullName(Extension(cert, JpkiOids.CrlDistributionPoints));
        ReadDirectoryName(fullName);
        Assert.Equal(
            "http://crl.myna.test/sign/koriyama.crl",
            fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
        fullName.ThrowIfNotEmpty();
    }

    [Fact]
    public void SignatureCertificate_CertificatePolicies_IsSignaturePolicyWithoutQualifiers_Interface6()
    {
        // SEQUENCE { SEQUENCE { OID 1.2.392.200149.8.5.1.1.20 } }
        var reader = new AsnReader(Extension(_cert, JpkiOids.CertificatePolicies).RawData, AsnEncodingRules.DER);
        var policies = reader.ReadSequence();
        var info = policies.ReadSequence();
        Assert.Equal("1.2.392.200149.8.5.1.1.20", info.ReadObjectIdentifier());
        info.ThrowIfNotEmpty();
        policies.ThrowIfNotEmpty();
    }

    [Fact]
    public void SignatureCertificate_KeyIdentifiers_SkiIsSha1OfRsaPublicKeyAndAkiIsCaSki_Rfc5280_4_2_1_2()
    {
        var ski = Extension(_cert, JpkiOids.SubjectKeyIdentifier).RawData;
        Assert.Equal([0x04, 0x14, .. SHA1.HashData(CardRsaPublicKeyDer)], ski);

        var caSki = ((X509SubjectKeyIdentifierExtension)Extension(_authorities.Signature.Certificate, JpkiOids.SubjectKeyIdentifier))
            .SubjectKeyIdentifierBytes.ToArray();
        // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }
        Assert.Equal([0x30, 0x16, 0x80, 0x14, .. caSki], Extension(_cert, JpkiOids.AuthorityKeyIdentifier).RawData);
    }

    [Fact]
    public void SignatureCertificate_Serial_IsPositiveAtMostTwentyBytesAndUnique_Rfc5280_4_1_2_2()
    {
        using var second = _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2));
        foreach (var c in new[] { _cert, second })
        {
            var serial = c.SerialNumberBytes.Span; // big-endian as encoded
            Assert.InRange(serial.Length, 1, 20);
            Assert.Equal(0, serial[0] & 0x80);
        }
        Assert.NotEqual(_cert.SerialNumber, second.SerialNumber);
        Assert.NotEqual(_cert.Subject, second.Subject); // fresh opaque CN each time
    }

    [Fact]
    public void SignatureCertificate_Issued_IsRecordedInTheLog_Interface6()
    {
        var record = Assert.Single(_authorities.Log.All, r => r.SerialNumber == _cert.SerialNumber);
        Assert.Equal(JpkiHierarchy.Signature, record.Hierarchy);
        Assert.Equal(IssueInstant, record.NotBefore);
        Assert.Equal(_cert.NotAfter.ToUniversalTime(), record.NotAfter.UtcDateTime);
    }

    [Fact]
    public void SignatureCertificate_Holder14_IsRefused_V2()
    {
        var child = Hanako with { BirthDate = new DateOnly(2010, 10, 28) }; // 15 tomorrow
        var e = Assert.Throws<ArgumentException>(() => _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(child, Koriyama), new DateOnly(2030, 10, 28)));
        Assert.Contains("V2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureCertificate_HolderTurning15Today_IsIssued_V2()
    {
        var teen = Hanako with { BirthDate = new DateOnly(2010, 10, 27) };
        using var cert = _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(teen, Koriyama), new DateOnly(2030, 10, 27));
        Assert.NotNull(cert);
    }

    [Fact]
    public void SignatureCertificate_FromAuthenticationAuthority_IsRefused_E1()
    {
        Assert.Throws<InvalidOperationException>(() => _authorities.Authentication.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2)));
    }

    [Fact]
    public void SignatureCertificate_1024BitKey_IsRefused_Interface6()
    {
        using var small = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => _authorities.Signature.IssueSignatureCertificate(
            small.ExportParameters(false), new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2)));
    }

    internal static AsnReader ReadSingleFullName(X509Extension extension)
    {
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        var points = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var point = points.ReadSequence();
        points.ThrowIfNotEmpty();
        var distributionPoint = point.ReadSequence(Context0); // [0] EXPLICIT DistributionPointName
        point.ThrowIfNotEmpty();
        var fullName = distributionPoint.ReadSequence(Context0); // fullName [0] IMPLICIT GeneralNames
        distributionPoint.ThrowIfNotEmpty();
        return fullName;
    }
}
