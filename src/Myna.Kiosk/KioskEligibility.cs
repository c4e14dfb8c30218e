using System.Globalization;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Kiosk;

/// <summary>The facts about the card holder that the kiosk's decision reads (U2.5–U2.7).</summary>
/// <param name="RegisteredIn">The municipality of residence (住民登録地).</param>
/// <param name="DomicileIn">The municipality of 本籍; <c>null</c> for a holder without one (a foreign resident).</param>
/// <param name="UseRegistrations">The municipalities with which the holder made a use registration (利用登録, U2.5).</param>
/// <param name="MoveOutFiled">A move-out notice is filed and the holder is about to leave (U2.6①).</param>
/// <param name="IssuanceRestricted">Issuance is restricted on request, e.g. under a support measure (DV等支援措置, U2.6②).</param>
/// <param name="Name">The name as the certificate prints it (U2.6③).</param>
/// <param name="Address">The address as the certificate prints it (U2.6③).</param>
/// <param name="FamilyRegisterMembers">How many people the holder's family register lists (U2.6④).</param>
/// <param name="CardDeliveredOn">The day the card was handed over (U2.7).</param>
/// <param name="RenewedForContinuedUseOn">The day the card was last renewed for continued use after moving in, if ever (U2.7).</param>
public sealed record KioskHolder(
    LocalGovernmentCode RegisteredIn,
    LocalGovernmentCode? DomicileIn,
    IReadOnlySet<LocalGovernmentCode> UseRegistrations,
    bool MoveOutFiled,
    bool IssuanceRestricted,
    string Name,
    string Address,
    int FamilyRegisterMembers,
    DateOnly CardDeliveredOn,
    DateOnly? RenewedForContinuedUseOn);

/// <summary>Which tax year's income and tax certificate, and the first day the kiosk issues it (U2.6⑤).</summary>
/// <param name="FiscalYear">The fiscal year (年度) of the certificate.</param>
/// <param name="ReleasedOn">The first day it is issued at kiosks, the set number of days after the tax return.</param>
public readonly record struct TaxCertificateYear(int FiscalYear, DateOnly ReleasedOn);

/// <summary>What the holder asks for at the machine (U2.4): the certificate, where and when.</summary>
/// <param name="Certificate">The certificate (U2.3).</param>
/// <param name="Place">A convenience store's machine or the city hall's (U2.1, U2.11).</param>
/// <param name="At">The instant, read in Japan time.</param>
public sealed record KioskRequest(KioskCertificate Certificate, KioskPlace Place, DateTimeOffset At)
{
    /// <summary>For <see cref="KioskCertificate.FamilyRegister"/>: the individual (個人事項) rather than the whole (全部事項) certificate (U2.6④).</summary>
    public bool Individual { get; init; }

    /// <summary>For <see cref="KioskCertificate.IncomeAndTax"/>: the year asked for (U2.6⑤); required for it.</summary>
    public TaxCertificateYear? TaxYear { get; init; }
}

/// <summary>The kiosk's answer: issue or refuse, with the sentence naming the rule.</summary>
/// <param name="Decision">Yes or no, the rule id (<c>U2.6①</c> for the first item of U2.6) and the sentence.</param>
/// <param name="Issuer">The municipality whose settings decided (the one asked, or the one the certificate depends on).</param>
/// <param name="FeeYen">The fee charged when issued (U2.3); <c>null</c> when refused.</param>
/// <param name="DependsOn">The other municipality the certificate depends on (U2.5), if it does.</param>
public sealed record KioskDecision(RuleDecision Decision, LocalGovernmentCode Issuer, int? FeeYen, LocalGovernmentCode? DependsOn)
{
    public bool IsAllowed => Decision.IsAllowed;

    public string Rule => Decision.Rule;

    public LocalizedText Reason => Decision.Reason;

    public override string ToString() => Decision.ToString();
}

/// <summary>The kiosk form's room for the name and the address (U2.6③).</summary>
/// <remarks>
/// Our decision where the guidebook gives no number: a line of the printed form holds 30 characters; the name has
/// one line and the address two. Characters are counted as a reader sees them (text elements), so a rare kanji
/// written with a surrogate pair counts once.
/// </remarks>
public static class KioskForm
{
    public const int CharactersPerLine = 30;
    public const int NameCharacters = CharactersPerLine;
    public const int AddressCharacters = 2 * CharactersPerLine;

    /// <summary>Whether the name and the address fit the form.</summary>
    public static bool Fits(string name, string address) =>
        new StringInfo(name).LengthInTextElements <= NameCharacters
        && new StringInfo(address).LengthInTextElements <= AddressCharacters;
}

/// <summary>
/// Decides whether a kiosk issues a certificate (U2.1, U2.5–U2.7, U2.9, U2.11): first where the certificate comes
/// from and whether that municipality offers it, then the machine and its hours, then the card's day, then the
/// holder's circumstances. The first refusal is the answer.
/// </summary>
public static class KioskEligibility
{
    /// <summary>
    /// The decision of <paramref name="asked"/>'s kiosk service on <paramref name="request"/> by <paramref name="holder"/>.
    /// A certificate that depends on another municipality (U2.5) is decided by that municipality's settings when
    /// <paramref name="others"/> knows them, and refused (U2.9) when it does not.
    /// </summary>
    public static KioskDecision Decide(
        KioskSettings asked, KioskHolder holder, KioskRequest request, Func<LocalGovernmentCode, KioskSettings?>? others = null)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(request);
        var certificate = request.Certificate;
        var name = CertificateFees.NameOf(certificate);
        var offer = asked.Offer(certificate, holder.RegisteredIn == asked.Municipality, holder.DomicileIn == asked.Municipality);
        switch (offer)
        {
            case KioskOffer.DependsOnOtherMunicipality:
                return Elsewhere(asked, holder, request, others);
            case KioskOffer.NotIssued when !asked.Offers(certificate):
                return Refuse(asked, RuleIds.U2_9, new(
                    $"{asked.Name.Japanese}は、{name.Japanese}をコンビニ交付で発行していません。窓口で請求してください。",
                    $"{asked.Name.English} does not issue {name.English} at kiosks; ask at the window"));
            case KioskOffer.NotIssued:
                return Refuse(asked, RuleIds.U2_5, new(
                    $"{asked.Name.Japanese}以外に住民登録のある方には、{asked.Name.Japanese}の{name.Japanese}をコンビニ交付で発行していません。本籍地の窓口または郵送で請求してください。",
                    $"{asked.Name.English} does not issue {name.English} at kiosks to holders registered in another municipality; ask at its window or by post"));
            case KioskOffer.AfterUseRegistration when !holder.UseRegistrations.Contains(asked.Municipality):
                return Refuse(asked, RuleIds.U2_5, new(
                    $"{asked.Name.Japanese}以外に住民登録のある方が{name.Japanese}を取得するには、先に{asked.Name.Japanese}への利用登録が必要です。署名用電子証明書でオンラインで申請してください。",
                    $"a holder registered in another municipality needs a use registration with {asked.Name.English} before getting {name.English}; apply online with the signature certificate"));
        }

        var (date, time) = InJapan(request.At);
        return Machine(asked, request, date, time)
            ?? CardDay(asked, holder, date)
            ?? Circumstances(asked, holder, request, date)
            ?? new KioskDecision(
                RuleDecision.Allow(RuleIds.U2_9, new(
                    $"{asked.Name.Japanese}の{name.Japanese}をコンビニ交付で発行できます。手数料は{TextFormat.JapaneseYen(asked.Fees[certificate])}です。",
                    $"{asked.Name.English} issues {name.English} at the kiosk for {TextFormat.EnglishYen(asked.Fees[certificate])}")),
                asked.Municipality, asked.Fees[certificate], null);
    }

    // U2.5, U2.9: the certificate is kept by the municipality of residence (①–④) or of 本籍 (⑤, ⑥).
    private static KioskDecision Elsewhere(
        KioskSettings asked, KioskHolder holder, KioskRequest request, Func<LocalGovernmentCode, KioskSettings?>? others)
    {
        var name = CertificateFees.NameOf(request.Certificate);
        var familyRegister = CertificateFees.IsFamilyRegister(request.Certificate);
        if (familyRegister && holder.DomicileIn is null)
        {
            return Refuse(asked, RuleIds.U2_5, new(
                $"本籍のない方には、{name.Japanese}は発行できません。",
                $"{name.English} cannot be issued to a holder without a family register (本籍)"));
        }

        var other = familyRegister ? holder.DomicileIn!.Value : holder.RegisteredIn;
        var keeper = familyRegister ? new LocalizedText("本籍地", "the municipality of the family register") : new LocalizedText("住民登録地", "the municipality of residence");
        if (request.Place == KioskPlace.CityHall)
        {
            return Refuse(asked, RuleIds.U2_11, new(
                $"{asked.Name.Japanese}市役所のキオスク端末では、{asked.Name.Japanese}の証明書だけを発行します。{name.Japanese}は{keeper.Japanese}（{other}）の証明書ですので、コンビニエンスストアのマルチコピー機をご利用ください。",
                $"the {asked.Name.English} city hall machine issues {asked.Name.English}'s certificates only; {name.English} is kept by {keeper.English} ({other}): use a convenience-store kiosk"),
                other);
        }

        if (others?.Invoke(other) is { } settings && settings.Municipality == other)
            return Decide(settings, holder, request) with { DependsOn = other };
        return Refuse(asked, RuleIds.U2_9, new(
            $"{name.Japanese}は{asked.Name.Japanese}ではなく、{keeper.Japanese}（{other}）が発行します。コンビニ交付で取得できるかは、{keeper.Japanese}の取扱いによります。",
            $"{name.English} is issued not by {asked.Name.English} but by {keeper.English} ({other}); whether its kiosks issue it depends on that municipality"),
            other);
    }

    // U2.1, U2.11: the machine, the maintenance days and the hours.
    private static KioskDecision? Machine(KioskSettings asked, KioskRequest request, DateOnly date, TimeOnly time)
    {
        if (request.Place == KioskPlace.ConvenienceStore)
        {
            if (asked.MaintenanceDays.Contains(date))
            {
                return Refuse(asked, RuleIds.U2_1, new(
                    $"{TextFormat.JapaneseDate(date)}は、{asked.Name.Japanese}のコンビニ交付の保守日のため、証明書を発行できません。",
                    $"{asked.Name.English}'s kiosk service is stopped for maintenance on {TextFormat.EnglishDate(date)}"));
            }

            return Hours(asked, KioskHours.MayIssue(KioskPlace.ConvenienceStore, request.Certificate, request.At));
        }

        if (asked.CityHallMachineHours is not { } own)
        {
            return Refuse(asked, RuleIds.U2_11, new(
                $"{asked.Name.Japanese}の市役所には、証明書を発行するキオスク端末がありません。",
                $"{asked.Name.English}'s city hall has no kiosk machine"));
        }

        if (own == KioskHours.CityHall)
            return Hours(asked, KioskHours.MayIssue(KioskPlace.CityHall, request.Certificate, request.At));

        // Another municipality's own hours, on the days its hall is open (the same closed days as Koriyama's).
        var hours = KioskHours.HoursOn(KioskPlace.CityHall, request.Certificate, date) is null ? (DailyHours?)null
            : CertificateFees.IsFamilyRegister(request.Certificate) ? own.Within(KioskHours.FamilyRegister) : own;
        if (hours is { } open && open.Contains(time))
            return null;
        return Refuse(asked, RuleIds.U2_11, new(
            $"{asked.Name.Japanese}の市役所のキオスク端末で{CertificateFees.NameOf(request.Certificate).Japanese}を発行できるのは、開庁日の{hours ?? own}だけです。{TextFormat.JapaneseDate(date)} {Clock(time)}には発行できません。",
            $"{asked.Name.English}'s city hall machine issues {CertificateFees.NameOf(request.Certificate).English} only {hours ?? own} on the days the hall is open, not at {Clock(time)} on {TextFormat.EnglishDate(date)}"));
    }

    private static KioskDecision? Hours(KioskSettings asked, RuleDecision hours) =>
        hours.IsAllowed ? null : new KioskDecision(hours, asked.Municipality, null, null);

    // U2.7: not on the day the card was handed over, nor on the day it was renewed for continued use.
    private static KioskDecision? CardDay(KioskSettings asked, KioskHolder holder, DateOnly date)
    {
        if (date == holder.CardDeliveredOn)
        {
            return Refuse(asked, RuleIds.U2_7, new(
                "カードを受け取った当日は、コンビニ交付を利用できません。翌日から利用できます。",
                "the kiosk cannot be used on the day the card was handed over; it can from the next day"));
        }

        if (date == holder.RenewedForContinuedUseOn)
        {
            return Refuse(asked, RuleIds.U2_7, new(
                "転入に伴いカードの継続利用の手続きをした当日は、コンビニ交付を利用できません。翌日から利用できます。",
                "the kiosk cannot be used on the day the card was renewed for continued use after moving in; it can from the next day"));
        }

        return null;
    }

    // U2.6 ①–⑤.
    private static KioskDecision? Circumstances(KioskSettings asked, KioskHolder holder, KioskRequest request, DateOnly date)
    {
        if (holder.MoveOutFiled)
        {
            return Refuse(asked, U2_6(1), new(
                "転出の届出をされた方には、コンビニ交付で証明書を発行できません。窓口で請求してください。",
                "certificates are not issued at the kiosk to a holder who filed a move-out notice; ask at the window"));
        }

        if (holder.IssuanceRestricted)
        {
            return Refuse(asked, U2_6(2), new(
                "証明書の交付に制限のある方（DV等支援措置など）には、コンビニ交付で証明書を発行できません。窓口にご相談ください。",
                "certificates are not issued at the kiosk to a holder whose issuance is restricted (such as a support measure for victims of domestic violence); ask at the window"));
        }

        if (!KioskForm.Fits(holder.Name, holder.Address))
        {
            return Refuse(asked, U2_6(3), new(
                $"氏名または住所の文字数がコンビニ交付の様式に収まらないため（氏名{KioskForm.NameCharacters}文字、住所{KioskForm.AddressCharacters}文字まで）、発行できません。窓口で請求してください。",
                $"the name or the address is too long for the kiosk form (name up to {KioskForm.NameCharacters} characters, address up to {KioskForm.AddressCharacters}); ask at the window"));
        }

        if (request.Certificate == KioskCertificate.FamilyRegister && request.Individual && holder.FamilyRegisterMembers <= 1)
        {
            return Refuse(asked, U2_6(4), new(
                "戸籍に記載されている方がお一人の場合、戸籍個人事項証明書は発行できません。戸籍全部事項証明書を選んでください。",
                "the individual family-register certificate is not issued when the holder is alone in the register; choose the whole certificate"));
        }

        if (request.Certificate == KioskCertificate.IncomeAndTax)
        {
            var year = request.TaxYear ?? throw new ArgumentException("An income and tax certificate request names its fiscal year.", nameof(request));
            if (date < year.ReleasedOn)
            {
                var fiscal = year.FiscalYear.ToString(CultureInfo.InvariantCulture);
                return Refuse(asked, U2_6(5), new(
                    $"{fiscal}年度の所得・課税証明書は、{TextFormat.JapaneseDate(year.ReleasedOn)}からコンビニ交付で発行します。",
                    $"the income and tax certificate for fiscal {fiscal} is issued at the kiosk from {TextFormat.EnglishDate(year.ReleasedOn)}"));
            }
        }

        return null;
    }

    /// <summary>The item of U2.6 as it is cited: U2.6① … U2.6⑤.</summary>
    public static string U2_6(int item) =>
        item is >= 1 and <= 5 ? RuleIds.U2_6 + (char)('①' + item - 1) : throw new ArgumentOutOfRangeException(nameof(item));

    private static KioskDecision Refuse(KioskSettings asked, string rule, LocalizedText reason, LocalGovernmentCode? dependsOn = null) =>
        new(RuleDecision.Refuse(rule, reason), asked.Municipality, null, dependsOn);

    private static (DateOnly Date, TimeOnly Time) InJapan(DateTimeOffset instant) => JapanClock.InJapan(instant);

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
