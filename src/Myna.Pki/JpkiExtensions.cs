using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki;

/// <summary>
/// DER for the extensions the framework has no builder for (otherName SAN, DirName GeneralNames, DirName
/// CRL distribution points, certificate policies), written with <see cref="AsnWriter"/> following the
/// RFC 5280 §4.2 grammar in the comments. The module is IMPLICIT TAGS, so a context tag on a CHOICE
/// (Name, DistributionPointName) is explicit, as X.680 §31.2.7 requires.
/// </summary>
internal static class JpkiExtensions
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag DirectoryNameTag = new(TagClass.ContextSpecific, 4, isConstructed: true);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>One SAN otherName: a type-id OID and its UTF8String value.</summary>
    public readonly record struct OtherName(string TypeId, string Value);

    /// <summary>
    /// The six otherNames of the signature certificate's SAN, in real-card order (card-interface §6): name, birth
    /// date, sex, address, name map, address map.
    /// </summary>
    /// <remarks>
    /// Characters outside JIS levels 1 and 2 and the supplementary kanji are replaced by a substitute and marked with
    /// '1' in the map (<see cref="Primitives.Text.JisText"/>): <c>髙橋</c> is written <c>高橋</c>, map <c>10</c>. A
    /// character is a Unicode scalar value (a surrogate pair counts once), matching how the value is read as text.
    /// </remarks>
    public static IReadOnlyList<OtherName> SignatureOtherNames(SignatureCertificateSubject subject)
    {
        var person = subject.Person;
        var name = Primitives.Text.JisText.Substitute(person.Name);
        var address = Primitives.Text.JisText.Substitute(person.Address);
        return
        [
            new(JpkiOids.Name, name.Text),
            new(JpkiOids.BirthDate, Primitives.JapaneseEras.ToCertificateBirthDate(person.BirthDate)),
            new(JpkiOids.Sex, Primitives.SexCodes.ToCertificateCode(person.Sex).ToString()),
            new(JpkiOids.Address, address.Text),
            new(JpkiOids.NameSubstituteMap, name.Map),
            new(JpkiOids.AddressSubstituteMap, address.Map),
        ];
    }

    /// <summary>subjectAltName of otherNames (RFC 5280 §4.2.1.6), non-critical (card-interface §6).</summary>
    public static X509Extension SubjectAltName(IEnumerable<OtherName> names)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        // GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
        using (w.PushSequence())
        {
            foreach (var name in names)
            {
                // GeneralName ::= CHOICE { otherName [0] OtherName, ... }   -- implicit: [0] replaces SEQUENCE
                // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
                using (w.PushSequence(Context0))
                {
                    w.WriteObjectIdentifier(name.TypeId);
                    using (w.PushSequence(Context0)) // [0] EXPLICIT
                        w.WriteCharacterString(UniversalTagNumber.UTF8String, name.Value);
                }
            }
        }
        return new X509Extension(JpkiOids.SubjectAltName, w.Encode(), critical: false);
    }

    /// <summary>A GeneralNames of one directoryName, as SAN (CA) or issuerAltName (end entity) (RFC 5280 §4.2.1.6/7).</summary>
    public static X509Extension DirectoryNameAltName(string oid, X500DistinguishedName name)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        // GeneralNames ::= SEQUENCE OF GeneralName
        using (w.PushSequence())
            WriteDirectoryName(w, name);
        return new X509Extension(oid, w.Encode(), critical: false);
    }

    /// <summary>
    /// cRLDistributionPoints (RFC 5280 §4.2.1.13) with one DistributionPoint whose fullName is the DirName
    /// and, when given, an HTTP URI: several names in one fullName are "different mechanisms to obtain the
    /// same CRL" (§4.2.1.13), which is what a directory name plus an HTTP copy are.
    /// </summary>
    public static X509Extension CrlDistributionPoints(X500DistinguishedName directoryName, Uri? crlUrl)
    {
        if (crlUrl is not null && !crlUrl.IsAbsoluteUri)
            throw new ArgumentException("The CRL URL must be absolute.", nameof(crlUrl));
        var w = new AsnWriter(AsnEncodingRules.DER);
        // CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
        using (w.PushSequence())
        {
            // DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL, reasons [1] .., cRLIssuer [2] .. }
            using (w.PushSequence())
            {
                // [0] on a CHOICE is explicit
                using (w.PushSequence(Context0))
                {
                    // DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }   -- implicit [0] replaces SEQUENCE
                    using (w.PushSequence(Context0))
                    {
                        WriteDirectoryName(w, directoryName);
                        if (crlUrl is not null)
                        {
                            // uniformResourceIdentifier [6] IA5String
                            w.WriteCharacterString(UniversalTagNumber.IA5String, crlUrl.AbsoluteUri, UriTag);
                        }
                    }
                }
            }
        }
        return new X509Extension(JpkiOids.CrlDistributionPoints, w.Encode(), critical: false);
    }

    /// <summary>certificatePolicies with one policy and no qualifiers (RFC 5280 §4.2.1.4), non-critical (card-interface §6).</summary>
    public static X509Extension CertificatePolicies(string policyOid)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        // certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
        using (w.PushSequence())
        {
            // PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId, policyQualifiers ... OPTIONAL }
            using (w.PushSequence())
                w.WriteObjectIdentifier(policyOid);
        }
        return new X509Extension(JpkiOids.CertificatePolicies, w.Encode(), critical: false);
    }

    private static void WriteDirectoryName(AsnWriter w, X500DistinguishedName name)
    {
        // GeneralName: directoryName [4] Name   -- Name is a CHOICE, so [4] is explicit
        using (w.PushSequence(DirectoryNameTag))
            w.WriteEncodedValue(name.RawData);
    }
}
