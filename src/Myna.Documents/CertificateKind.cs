using Myna.Primitives.Text;

namespace Myna.Documents;

/// <summary>
/// The certificates a municipality issues at its window and through the convenience-store kiosks (コンビニ交付): the
/// kiosk's six, with the family-register certificate (戸籍全部・個人事項証明書) in its two forms, since the two carry
/// different titles and attestations.
/// </summary>
/// <remarks>
/// The members follow <c>Myna.Registry.Rules.KioskCertificate</c> in order and name; its <c>FamilyRegister</c> is
/// <see cref="FamilyRegisterAll"/> or <see cref="FamilyRegisterIndividual"/> here. The canonical form writes the kind
/// as a fixed word (<see cref="CertificateKinds.Word"/>), never as its number.
/// </remarks>
public enum CertificateKind
{
    /// <summary>① 住民票の写し: a copy of the resident record (the household or chosen members).</summary>
    ResidentRecord,

    /// <summary>② 住民票記載事項証明書: a certificate of chosen entries of the resident record.</summary>
    ResidentRecordItems,

    /// <summary>③ 印鑑登録証明書: a certificate of the registered seal.</summary>
    SealRegistration,

    /// <summary>④ 所得・課税証明書: a certificate of income and of the resident tax levied.</summary>
    IncomeAndTax,

    /// <summary>⑤ 戸籍の附票の写し: a copy of the family-register attachment, the history of addresses.</summary>
    FamilyRegisterAttachment,

    /// <summary>⑥ 戸籍全部事項証明書: all entries of a family register (the former 戸籍謄本).</summary>
    FamilyRegisterAll,

    /// <summary>⑥ 戸籍個人事項証明書: the entries of one person in a family register (the former 戸籍抄本).</summary>
    FamilyRegisterIndividual,
}

/// <summary>The titles, attestations and canonical words of the <see cref="CertificateKind"/>s.</summary>
public static class CertificateKinds
{
    private static readonly Dictionary<CertificateKind, (string Word, LocalizedText Title, string Attestation)> Table = new()
    {
        [CertificateKind.ResidentRecord] = ("resident-record",
            new("住民票の写し", "Copy of the resident record"),
            "この写しは、住民票の原本と相違ないことを証明する。"),
        [CertificateKind.ResidentRecordItems] = ("resident-record-items",
            new("住民票記載事項証明書", "Certificate of resident-record entries"),
            "上記の事項は、住民票に記載されていることを証明する。"),
        [CertificateKind.SealRegistration] = ("seal-registration",
            new("印鑑登録証明書", "Certificate of seal registration"),
            "この写しは、登録されている印影と相違ないことを証明する。"),
        [CertificateKind.IncomeAndTax] = ("income-and-tax",
            new("所得・課税証明書", "Certificate of income and taxation"),
            "上記のとおり相違ないことを証明する。"),
        [CertificateKind.FamilyRegisterAttachment] = ("family-register-attachment",
            new("戸籍の附票の写し", "Copy of the family-register attachment"),
            "この写しは、戸籍の附票の原本と相違ないことを証明する。"),
        [CertificateKind.FamilyRegisterAll] = ("family-register-all",
            new("戸籍全部事項証明書", "Certificate of all family-register entries"),
            "これは、戸籍に記録されている事項の全部を証明した書面である。"),
        [CertificateKind.FamilyRegisterIndividual] = ("family-register-individual",
            new("戸籍個人事項証明書", "Certificate of individual family-register entries"),
            "これは、戸籍中の一部の者について記録されている事項を証明した書面である。"),
    };

    /// <summary>Every kind, in the enum's order.</summary>
    public static IReadOnlyList<CertificateKind> All { get; } = Enum.GetValues<CertificateKind>();

    /// <summary>The title printed at the head of the certificate: 住民票の写し / Copy of the resident record.</summary>
    public static LocalizedText Title(CertificateKind kind) => Entry(kind).Title;

    /// <summary>
    /// The attestation (認証文) a municipality prints above its name when it has nothing of its own to say, e.g.
    /// この写しは、住民票の原本と相違ないことを証明する。
    /// </summary>
    public static string Attestation(CertificateKind kind) => Entry(kind).Attestation;

    /// <summary>The word the canonical form writes for the kind: <c>resident-record</c> ….</summary>
    public static string Word(CertificateKind kind) => Entry(kind).Word;

    /// <summary>The kind written as <paramref name="word"/>, if any.</summary>
    public static bool TryParseWord(string word, out CertificateKind kind)
    {
        foreach (var (k, entry) in Table)
        {
            if (entry.Word == word)
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    private static (string Word, LocalizedText Title, string Attestation) Entry(CertificateKind kind) =>
        Table.TryGetValue(kind, out var entry)
            ? entry
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a certificate kind.");
}
