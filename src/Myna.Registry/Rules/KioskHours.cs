using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>Where a multi-copy machine stands (U2.1, U2.11).</summary>
public enum KioskPlace
{
    /// <summary>A convenience store's multi-copy machine (コンビニ交付), every day (U2.1).</summary>
    ConvenienceStore,

    /// <summary>The machine in Koriyama's city hall, West building 1st floor, while the hall is open (U2.11).</summary>
    CityHall,
}

/// <summary>The certificates a kiosk issues (U2.3).</summary>
public enum KioskCertificate
{
    /// <summary>① 住民票の写し.</summary>
    ResidentRecord,

    /// <summary>② 住民票記載事項証明書.</summary>
    ResidentRecordItems,

    /// <summary>③ 印鑑登録証明書.</summary>
    SealRegistration,

    /// <summary>④ 所得・課税証明書.</summary>
    IncomeAndTax,

    /// <summary>⑤ 戸籍の附票の写し (a family-register certificate for the hours).</summary>
    FamilyRegisterAttachment,

    /// <summary>⑥ 戸籍全部(個人)事項証明書.</summary>
    FamilyRegister,
}

/// <summary>
/// U2.1, U2.11: when a kiosk may issue a certificate — convenience stores every day 06:30–23:00, family-register
/// certificates only 10:00–17:15; the city hall machine 08:30–17:15 while the hall is open.
/// </summary>
/// <remarks>
/// Our decisions where the guidebook is silent: the city hall is open on weekdays that are no national
/// holiday and outside 29 December – 3 January, as Koriyama's offices are; family-register certificates
/// keep their 10:00–17:15 there too (they come from the same family-register systems). Maintenance days
/// (U2.1) are not modelled: the kiosk service announces them.
/// </remarks>
public static class KioskHours
{
    /// <summary>U2.1: convenience-store kiosks, every day.</summary>
    public static readonly DailyHours ConvenienceStore = new(new TimeOnly(6, 30), new TimeOnly(23, 0));

    /// <summary>U2.1: family-register certificates and the attachment.</summary>
    public static readonly DailyHours FamilyRegister = new(new TimeOnly(10, 0), new TimeOnly(17, 15));

    /// <summary>U2.11: the city hall's opening hours.</summary>
    public static readonly DailyHours CityHall = new(new TimeOnly(8, 30), new TimeOnly(17, 15));

    /// <summary>The hours for <paramref name="certificate"/> at <paramref name="place"/> on <paramref name="date"/>; <c>null</c> if closed all day.</summary>
    public static DailyHours? HoursOn(KioskPlace place, KioskCertificate certificate, DateOnly date)
    {
        var building = place switch
        {
            KioskPlace.ConvenienceStore => ConvenienceStore,
            KioskPlace.CityHall when OfficeDays.IsYearEnd(date) || OfficeDays.IsWeekendOrHoliday(date) => (DailyHours?)null,
            KioskPlace.CityHall => CityHall,
            _ => throw new ArgumentOutOfRangeException(nameof(place), place, "Unknown kiosk place."),
        };
        return IsFamilyRegister(certificate) ? building?.Within(FamilyRegister) : building;
    }

    /// <summary>Whether <paramref name="certificate"/> may be issued at <paramref name="place"/> now.</summary>
    public static RuleDecision MayIssue(KioskPlace place, KioskCertificate certificate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return MayIssue(place, certificate, clock.GetUtcNow());
    }

    /// <summary>Whether <paramref name="certificate"/> may be issued at <paramref name="place"/> at <paramref name="instant"/> (read in Japan time).</summary>
    public static RuleDecision MayIssue(KioskPlace place, KioskCertificate certificate, DateTimeOffset instant)
    {
        var rule = place == KioskPlace.CityHall ? RuleIds.U2_11 : RuleIds.U2_1;
        var where = place == KioskPlace.CityHall
            ? new LocalizedText("市役所のキオスク端末", "the city hall machine")
            : new LocalizedText("コンビニエンスストアのマルチコピー機", "convenience-store kiosks");
        var what = IsFamilyRegister(certificate)
            ? new LocalizedText("戸籍の証明書", "family-register certificates")
            : new LocalizedText("証明書", "certificates");
        var (date, time) = OfficeDays.InJapan(instant);
        if (HoursOn(place, certificate, date) is not { } hours)
        {
            return RuleDecision.Refuse(rule, new(
                $"{where.Japanese}は、市役所の開庁時間（平日{CityHall}）にだけ利用できます。{RuleText.JapaneseDate(date)}は閉庁日です。",
                $"{where.English} can be used only while the city hall is open, on weekdays {CityHall}; {RuleText.Date(date)} is a closed day"));
        }
        return hours.Contains(time)
            ? RuleDecision.Allow(rule, new(
                $"{where.Japanese}では、{hours}に{what.Japanese}を発行できます。",
                $"{where.English} issue {what.English} {hours}"))
            : RuleDecision.Refuse(rule, new(
                $"{where.Japanese}で{what.Japanese}を発行できるのは{hours}だけです。{DailyHours.Time(time)}には発行できません。",
                $"{where.English} issue {what.English} only {hours}, not at {DailyHours.Time(time)}"));
    }

    /// <summary>⑤ and ⑥: the family-register certificates, kept by the municipality of 本籍 and issued on shorter hours.</summary>
    public static bool IsFamilyRegister(KioskCertificate certificate) =>
        certificate is KioskCertificate.FamilyRegister or KioskCertificate.FamilyRegisterAttachment;
}
