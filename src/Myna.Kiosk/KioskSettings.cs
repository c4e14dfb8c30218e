using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Kiosk;

/// <summary>What a municipality's kiosk issues to a holder, by where the holder is registered and where 本籍 is (U2.5).</summary>
public enum KioskOffer
{
    /// <summary>Issued (○).</summary>
    Issued,

    /// <summary>Issued once the holder has made a use registration (利用登録) with this municipality (U2.5).</summary>
    AfterUseRegistration,

    /// <summary>Not this municipality's to issue: the municipality of residence or of 本籍 decides (U2.5, U2.9).</summary>
    DependsOnOtherMunicipality,

    /// <summary>Not issued at the kiosk (×).</summary>
    NotIssued,
}

/// <summary>
/// One municipality's kiosk service (U2.9): the certificates it offers and the fee of each, its maintenance days,
/// whether holders registered elsewhere whose 本籍 is here may get family-register certificates after a use
/// registration, and the hours of its own city-hall machine, if it has one (U2.11).
/// </summary>
/// <param name="Municipality">The municipality.</param>
/// <param name="Name">Its name in both languages, for the sentences.</param>
/// <param name="Fees">The certificates offered at kiosks and the fee of each in yen (U2.3: the window's fee).</param>
/// <param name="MaintenanceDays">Days on which its kiosk service is stopped for maintenance (U2.1).</param>
/// <param name="FamilyRegisterForNonResidents">Whether holders registered elsewhere whose 本籍 is here may get the
/// family-register certificates, after a use registration (U2.5).</param>
/// <param name="CityHallMachineHours">The hours of the machine in its own city hall, on the days the hall is open;
/// <c>null</c> if it has none (U2.11).</param>
public sealed record KioskSettings(
    LocalGovernmentCode Municipality,
    LocalizedText Name,
    IReadOnlyDictionary<KioskCertificate, int> Fees,
    IReadOnlySet<DateOnly> MaintenanceDays,
    bool FamilyRegisterForNonResidents,
    DailyHours? CityHallMachineHours)
{
    /// <summary>Koriyama (072036): all six certificates for the window's fees, no family-register certificates for
    /// holders registered elsewhere, the West building machine 08:30–17:15 (U2.5, U2.11).</summary>
    /// <remarks>Maintenance days are announced by the kiosk service and are not known in advance: none is listed.</remarks>
    public static readonly KioskSettings Koriyama = new(
        LocalGovernmentCode.Parse("072036").Value,
        new LocalizedText("郡山市", "Koriyama"),
        CertificateFees.Window,
        new HashSet<DateOnly>(),
        FamilyRegisterForNonResidents: false,
        KioskHours.CityHall);

    /// <summary>Whether <paramref name="certificate"/> is offered at this municipality's kiosks at all.</summary>
    public bool Offers(KioskCertificate certificate) => Fees.ContainsKey(certificate);

    /// <summary>
    /// U2.5: what this municipality issues of <paramref name="certificate"/> to a holder registered here or not,
    /// whose 本籍 is here or not (a holder without 本籍, a foreign resident, is "not here").
    /// </summary>
    public KioskOffer Offer(KioskCertificate certificate, bool registeredHere, bool domicileHere)
    {
        if (!CertificateFees.IsFamilyRegister(certificate))
            return !registeredHere ? KioskOffer.DependsOnOtherMunicipality
                : Offers(certificate) ? KioskOffer.Issued : KioskOffer.NotIssued;
        if (!domicileHere)
            return KioskOffer.DependsOnOtherMunicipality;
        if (!Offers(certificate))
            return KioskOffer.NotIssued;
        return registeredHere ? KioskOffer.Issued
            : FamilyRegisterForNonResidents ? KioskOffer.AfterUseRegistration : KioskOffer.NotIssued;
    }
}

/// <summary>
/// The window's fees for the six kiosk certificates, which the kiosk charges too (U2.3): 300 yen each, the
/// family-register certificate 450 yen (the fees of the family register act's ordinance, kept by municipalities).
/// </summary>
public static class CertificateFees
{
    /// <summary>The window's fee of each certificate, in yen.</summary>
    public static readonly IReadOnlyDictionary<KioskCertificate, int> Window = new Dictionary<KioskCertificate, int>
    {
        [KioskCertificate.ResidentRecord] = 300,
        [KioskCertificate.ResidentRecordItems] = 300,
        [KioskCertificate.SealRegistration] = 300,
        [KioskCertificate.IncomeAndTax] = 300,
        [KioskCertificate.FamilyRegisterAttachment] = 300,
        [KioskCertificate.FamilyRegister] = 450,
    };

    /// <summary>⑤ and ⑥: kept by the municipality of 本籍; the others by the municipality of residence.</summary>
    public static bool IsFamilyRegister(KioskCertificate certificate) => KioskHours.IsFamilyRegister(certificate);

    /// <summary>The certificate's name in both languages.</summary>
    public static LocalizedText NameOf(KioskCertificate certificate) => certificate switch
    {
        KioskCertificate.ResidentRecord => new("住民票の写し", "the copy of the resident record"),
        KioskCertificate.ResidentRecordItems => new("住民票記載事項証明書", "the certificate of resident record items"),
        KioskCertificate.SealRegistration => new("印鑑登録証明書", "the seal registration certificate"),
        KioskCertificate.IncomeAndTax => new("所得・課税証明書", "the income and tax certificate"),
        KioskCertificate.FamilyRegisterAttachment => new("戸籍の附票の写し", "the copy of the family-register attachment"),
        KioskCertificate.FamilyRegister => new("戸籍全部（個人）事項証明書", "the family-register certificate"),
        _ => throw new ArgumentOutOfRangeException(nameof(certificate), certificate, "Unknown certificate."),
    };
}
