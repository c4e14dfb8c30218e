using Microsoft.EntityFrameworkCore;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Moves;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using Myna.Storage.Concurrency;

namespace Myna.Window;

/// <summary>An expiry notice (有効期限通知書) due for a card or one of its certificates (V1).</summary>
public sealed record ExpiryNotice(Guid CardId, Guid ResidentId, string Name, string Address, ExpiringItem Item, DateOnly Expiry, DateOnly NoticeDate, DateOnly RenewalFrom);

// The expiry notices (V1) due in a period.
public sealed partial class MunicipalWindow
{
    /// <summary>The longest range of notice dates asked for at once.</summary>
    public const int MaxNoticeRangeDays = 366;

    /// <summary>Why the notice dates from <paramref name="from"/> to <paramref name="until"/> cannot be listed, or null.</summary>
    public static Refusal? NoticeRangeProblem(DateOnly from, DateOnly until)
    {
        if (!CivilDates.Contains(from))
            return Refusal.Invalid(new($"開始日は{TextFormat.JapaneseDate(CivilDates.Earliest)}から{TextFormat.JapaneseDate(CivilDates.Latest)}までの日付を指定してください。",
                $"The first day lies between {TextFormat.EnglishDate(CivilDates.Earliest)} and {TextFormat.EnglishDate(CivilDates.Latest)}."), InputField.From);
        if (!CivilDates.Contains(until) || until < from || until.DayNumber - from.DayNumber > MaxNoticeRangeDays)
            return Refusal.Invalid(new($"期間は開始日から終了日の順に、{MaxNoticeRangeDays}日以内で指定してください。",
                $"The range runs forwards and spans at most {MaxNoticeRangeDays} days."), InputField.Until);
        return null;
    }

    /// <summary>V1: the expiry notices whose notice date lies in [<paramref name="from"/>, <paramref name="until"/>] (both included), for cards in use and their certificates.</summary>
    public async Task<IReadOnlyList<ExpiryNotice>> ExpiryNoticesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default)
    {
        if (NoticeRangeProblem(from, until) is { } problem)
            throw new ArgumentException(problem.Message, nameof(until));
        // Notice dates lie 3 months before expiry; widen the query by a few days for month-end clamping.
        var earliest = from.AddMonths(RenewalRule.MonthsBefore).AddDays(-3);
        var latest = until.AddMonths(RenewalRule.MonthsBefore).AddDays(3);
        await using var db = _contexts.CreateDbContext();
        // Only the cards with something expiring in the widened range, each with its holder, in one query: the card's own
        // expiry or a certificate's, each found by its index ((state, expiry) for each), so the work follows the notices
        // due, not the size of the registry (docs/performance.md, "The registry at scale").
        var candidates = await (
            from c in db.Set<CardRecord>().AsNoTracking()
            where (c.State == CardState.Active && c.ExpiresOn >= earliest && c.ExpiresOn <= latest)
                || (c.State == CardState.Active && c.SignatureCertificate!.ExpiresOn >= earliest && c.SignatureCertificate.ExpiresOn <= latest)
                || (c.State == CardState.Active && c.AuthenticationCertificate!.ExpiresOn >= earliest && c.AuthenticationCertificate.ExpiresOn <= latest)
            join r in db.Set<Resident>().AsNoTracking() on c.ResidentId equals r.Id
            select new { Card = c, Resident = r }).ToListAsync(cancellationToken);
        var residents = candidates.Select(x => x.Resident).DistinctBy(r => r.Id).ToDictionary(r => r.Id);
        var due = candidates
            .SelectMany(x => x.Card.ExpiringItems().Select(item => (x.Card, item.Item, item.Expiry, NoticeDate: RenewalRule.NoticeDate(item.Expiry))))
            .Where(d => d.Expiry >= earliest && d.Expiry <= latest && d.NoticeDate >= from && d.NoticeDate <= until)
            .ToList();
        var notices = due.Select(d =>
        {
            var resident = residents[d.Card.ResidentId];
            return new ExpiryNotice(d.Card.Id, resident.Id, resident.Name.OnCard, resident.Residence ?? resident.Address,
                d.Item, d.Expiry, d.NoticeDate, RenewalRule.Window(d.Expiry).First);
        });
        return [.. notices.OrderBy(n => n.NoticeDate).ThenBy(n => n.Name, StringComparer.Ordinal)];
    }
}
