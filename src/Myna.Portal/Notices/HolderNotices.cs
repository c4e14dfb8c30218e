using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Myna.Portal.Information;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Portal;

namespace Myna.Portal.Notices;

/// <summary>
/// A notice addressed to the holder (お知らせ, U3.3).
/// </summary>
/// <param name="Id">Stable: derived from what the notice is about, so that it keeps its id (and its being read) day after day.</param>
/// <param name="Kind"><c>card-expiry</c>, <c>certificate-expiry</c>, <c>card-suspended</c>, <c>card-lapsed</c>, <c>child-allowance</c>, <c>tax-return</c>.</param>
/// <param name="Date">The day it was due (it appears on this day by the system's date).</param>
/// <param name="From">The body it comes from.</param>
/// <param name="Title">What it is about.</param>
/// <param name="Text">What it says.</param>
/// <param name="Read">Whether the holder marked it read.</param>
public sealed record HolderNotice(Guid Id, string Kind, DateOnly Date, LocalizedText From, LocalizedText Title, LocalizedText Text, bool Read);

/// <summary>
/// お知らせ (U3.3): the notices for the holder, computed on each request from the registry and the published
/// information by the system's civil date (the sandbox clock), so that each appears on the day it is due. A notice
/// shows from its day for as long as what it is about lasts: an expiry notice (V1, the card and each certificate,
/// from <see cref="RenewalRule.NoticeDate"/>, as the window's list) until the expiry while the card is in use; a
/// suspension or a lapse while the card stays so; the child-allowance status report through June; the tax return
/// from 16 February to 15 March. Only being read is stored (<see cref="NoticeRead"/>).
/// </summary>
public sealed class HolderNotices(IDbContextFactory<MynaDbContext> contexts, PortalClocks clocks)
{
    /// <summary>The age under which a household member counts as a child for the child allowance.</summary>
    public const int ChildAgeLimit = 18;

    /// <summary>The holder's notices due by today, newest first.</summary>
    public async Task<IReadOnlyList<HolderNotice>> ListAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var holder = await db.Set<HolderAccount>().Where(a => a.Id == accountId).Select(a => a.HolderReference).SingleAsync(cancellationToken);
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holder, cancellationToken);
        if (resident is null)
            return [];
        var today = JapanClock.Today(clocks.Civil);
        var municipality = Municipality.DisplayNameOf(await db.Set<Municipality>().AsNoTracking().SingleOrDefaultAsync(m => m.Code == resident.Municipality, cancellationToken));
        var cards = await db.Set<CardRecord>().AsNoTracking().Where(c => c.ResidentId == holder).ToListAsync(cancellationToken);
        var notices = new List<HolderNotice>();
        foreach (var card in cards)
            notices.AddRange(CardNotices(card, today, municipality));
        if (await HasChildInHouseholdAsync(db, resident, new DateOnly(today.Year, 6, 1), cancellationToken) && ChildAllowance(today, municipality) is { } allowance)
            notices.Add(allowance);
        if (TaxReturn(today) is { } taxReturn && await db.Set<PublishedInformation>().AnyAsync(
                i => i.HolderReference == holder && i.Category == InformationCategories.Tax, cancellationToken))
            notices.Add(taxReturn);
        var ids = notices.Select(n => n.Id).ToList();
        var read = await db.Set<NoticeRead>().Where(r => r.AccountId == accountId && ids.Contains(r.NoticeId)).Select(r => r.NoticeId).ToListAsync(cancellationToken);
        return [.. notices.Where(n => n.Date <= today).Select(n => n with { Read = read.Contains(n.Id) })
            .OrderByDescending(n => n.Date).ThenBy(n => n.Kind, StringComparer.Ordinal)];
    }

    /// <summary>How many of the holder's notices are unread.</summary>
    public async Task<int> UnreadCountAsync(Guid accountId, CancellationToken cancellationToken) =>
        (await ListAsync(accountId, cancellationToken)).Count(n => !n.Read);

    /// <summary>Marks notice <paramref name="noticeId"/> read; false when the holder has no such notice today.</summary>
    public async Task<bool> MarkReadAsync(Guid accountId, Guid noticeId, CancellationToken cancellationToken)
    {
        var notice = (await ListAsync(accountId, cancellationToken)).FirstOrDefault(n => n.Id == noticeId);
        if (notice is null)
            return false;
        if (notice.Read)
            return true;
        await using var db = contexts.CreateDbContext();
        db.Add(new NoticeRead { AccountId = accountId, NoticeId = noticeId, ReadAt = clocks.Real.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Marked read at the same moment in another tab: read it is.
        }
        return true;
    }

    private static readonly LocalizedText Jlis = new("地方公共団体情報システム機構（J-LIS）", "J-LIS (Japan Agency for Local Authority Information Systems)");

    private static IEnumerable<HolderNotice> CardNotices(CardRecord card, DateOnly today, LocalizedText municipality)
    {
        switch (card.State)
        {
            case CardState.Active:
                foreach (var (item, expiry) in card.ExpiringItems())
                {
                    if (!RenewalRule.Window(expiry).Contains(today))
                        continue;
                    var notice = RenewalRule.NoticeDate(expiry);
                    var (ja, en) = Words(item);
                    yield return new(IdOf($"expiry:{card.Id:N}:{item}:{expiry:yyyy-MM-dd}"), item == ExpiringItem.Card ? "card-expiry" : "certificate-expiry", notice, Jlis,
                        new($"{ja}の有効期限が近づいています", $"Your {en} expires soon"),
                        new($"お持ちのマイナンバーカードの{(item == ExpiringItem.Card ? "" : ja + "の")}有効期限は{TextFormat.JapaneseDate(expiry)}です。"
                            + $"{TextFormat.JapaneseDate(notice)}から有効期限の日まで、お住まいの市区町村の窓口で更新の手続きができます（手数料はかかりません）。",
                            $"Your {en} expires on {TextFormat.EnglishDate(expiry)}. From {TextFormat.EnglishDate(notice)} until that day you can renew it "
                            + "at the window of your municipality, free of charge."), false);
                }
                break;
            case CardState.Suspended:
                yield return new(IdOf($"suspended:{card.Id:N}:{card.StateChangedOn:yyyy-MM-dd}"), "card-suspended", card.StateChangedOn,
                    new("個人番号カードコールセンター", "The My Number Card call centre"),
                    new("マイナンバーカードの一時利用停止を受け付けました", "Your My Number Card has been suspended"),
                    new($"{TextFormat.JapaneseDate(card.StateChangedOn)}に、お持ちのマイナンバーカードの一時利用停止を受け付けました。カードの電子証明書は失効しています。"
                        + "カードが見つかったときは、お住まいの市区町村の窓口で一時停止の解除を申請してください。見つからないときは、警察に遺失届を出したうえで、再交付を申請してください。",
                        $"On {TextFormat.EnglishDate(card.StateChangedOn)} your My Number Card was suspended as reported lost, and its e-certificates were revoked. "
                        + "If you find the card, ask your municipality's window to lift the suspension; if not, report the loss to the police and apply for a new card."), false);
                break;
            case CardState.Lapsed:
                var reason = card.StateReasonText is { } why ? why : new LocalizedText("", "");
                yield return new(IdOf($"lapsed:{card.Id:N}:{card.StateChangedOn:yyyy-MM-dd}"), "card-lapsed", card.StateChangedOn, municipality,
                    new("マイナンバーカードが失効しました", "Your My Number Card has lapsed"),
                    new($"{TextFormat.JapaneseDate(card.StateChangedOn)}に、お持ちのマイナンバーカードは失効しました。{reason.Japanese}"
                        + "カードは身分証明書として使えず、電子証明書も使えません。お住まいの市区町村の窓口で再交付を申請してください。",
                        $"Your My Number Card lapsed on {TextFormat.EnglishDate(card.StateChangedOn)}. {reason.English}".TrimEnd()
                        + " It no longer proves your identity and its e-certificates cannot be used. Apply for a new card at your municipality's window."), false);
                break;
        }
    }

    private static (string Japanese, string English) Words(ExpiringItem item) => item switch
    {
        ExpiringItem.Card => ("マイナンバーカード", "My Number Card"),
        ExpiringItem.SignatureCertificate => ("署名用電子証明書", "signature certificate"),
        _ => ("利用者証明用電子証明書", "user-authentication certificate"),
    };

    /// <summary>The child-allowance status report (児童手当現況届), shown 1–30 June.</summary>
    private static HolderNotice? ChildAllowance(DateOnly today, LocalizedText municipality)
    {
        var first = new DateOnly(today.Year, 6, 1);
        var last = new DateOnly(today.Year, 6, 30);
        if (today < first || today > last)
            return null;
        return new(IdOf($"child-allowance:{today.Year}"), "child-allowance", first, municipality,
            new("児童手当の現況届について", "The child allowance status report"),
            new($"児童手当を受給している方は、6月1日時点の状況を届け出る現況届の提出が必要な場合があります。提出が必要な方には、お住まいの市区町村からご案内します。"
                + $"提出期限は{TextFormat.JapaneseDate(last)}です。マイナポータルからも申請できます。",
                $"If you receive the child allowance, you may have to report your situation as of 1 June (the status report). Your municipality writes to "
                + $"those who must. The report is due by {TextFormat.EnglishDate(last)}; you can also send it through the portal."), false);
    }

    /// <summary>The tax-return season (確定申告), shown 16 February – 15 March.</summary>
    private static HolderNotice? TaxReturn(DateOnly today)
    {
        var first = new DateOnly(today.Year, 2, 16);
        var last = new DateOnly(today.Year, 3, 15);
        if (today < first || today > last)
            return null;
        return new(IdOf($"tax-return:{today.Year}"), "tax-return", first, new("国税庁", "The National Tax Agency"),
            new($"{today.Year - 1}年分の確定申告の時期です", $"Time to file the tax return for {today.Year - 1}"),
            new($"{today.Year - 1}年分の所得税の確定申告の期間は、{TextFormat.JapaneseDate(first)}から{TextFormat.JapaneseDate(last)}までです。"
                + "e-Taxを使えば、マイナンバーカードでご自宅から申告できます。",
                $"The income tax return for {today.Year - 1} is filed from {TextFormat.EnglishDate(first)} to {TextFormat.EnglishDate(last)}. "
                + "With e-Tax you can file it from home with your My Number Card."), false);
    }

    /// <summary>
    /// Whether an adult holder lives with a child under <see cref="ChildAgeLimit"/> on <paramref name="on"/>. A household is
    /// the residents of the same municipality at the same address under the same household head (none named counts as the same).
    /// </summary>
    private static async Task<bool> HasChildInHouseholdAsync(MynaDbContext db, Resident holder, DateOnly on, CancellationToken cancellationToken)
    {
        if (Birthdays.AgeOn(holder.BirthDate, on) < ChildAgeLimit)
            return false;
        var household = await db.Set<Resident>().AsNoTracking()
            .Where(r => r.Id != holder.Id && r.Municipality == holder.Municipality && r.Address == holder.Address && r.HouseholdHead == holder.HouseholdHead)
            .Select(r => r.BirthDate).ToListAsync(cancellationToken);
        return household.Any(birth => birth <= on && Birthdays.AgeOn(birth, on) < ChildAgeLimit);
    }

    private static Guid IdOf(string what) => new(SHA256.HashData(Encoding.UTF8.GetBytes(what)).AsSpan(0, 16));
}
