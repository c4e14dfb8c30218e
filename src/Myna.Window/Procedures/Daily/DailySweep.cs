using Microsoft.EntityFrameworkCore;
using Myna.Pki.Revocation;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Moves;
using Myna.Registry.Rules;
using Myna.Storage.Concurrency;
using Myna.Window.Procedures.Moves;
using static Myna.Primitives.Text.TextFormat;

namespace Myna.Window.Procedures.Daily;

/// <summary>
/// Applies what the date alone decides: cards whose moving deadline passed lapse (V5), cards past their expiry are
/// recorded as expired (V7); their certificates are revoked (cessationOfOperation). Idempotent: a second sweep of the
/// same day changes nothing. A card a window is changing at the same moment is left to the next sweep.
/// </summary>
internal static class DailySweep
{
    public const string Action = "sweep";

    public const string ExpiredAction = "card.expired";

    public static async Task<WindowOutcome<SweepReport>> RunAsync(WindowWork work)
    {
        var today = work.Today;
        var lapsed = 0;
        var openMoves = await work.Db.Set<ResidentMove>().Where(m => m.ContinuedOn == null).ToListAsync(work.Cancellation);
        foreach (var move in openMoves)
        {
            // Only a card still in use or suspended can lapse now; one lapsed before stays counted once.
            var card = await work.CurrentCardAsync(move.ResidentId);
            if (card is null || card.State is not (CardState.Active or CardState.Suspended))
                continue;
            if (CardLapseRule.Evaluate(Lapses.FactsOf(move, null, null), today).IsLapsed && !await work.Db.ClaimAsync(card, work.Cancellation))
                continue;
            if (Lapses.LapseIfDue(work, card, move, nextMoveOut: null)?.IsLapsed == true)
                lapsed++;
        }

        var expiring = await work.Db.Set<CardRecord>()
            .Where(c => (c.State == CardState.Active || c.State == CardState.Suspended) && c.ExpiresOn < today)
            .ToListAsync(work.Cancellation);
        var expired = 0;
        foreach (var card in expiring)
        {
            if (!await work.Db.ClaimAsync(card, work.Cancellation))
                continue;
            work.Revoke(card.Expire(today), RevocationReasons.ForCardExpired);
            work.Audit(ExpiredAction, Checks.CardSubject(card.Id), new LocalizedText(
                $"有効期限（{JapaneseDate(card.ExpiresOn)}）が過ぎたため、カードを有効期限切れとし、電子証明書を失効させました。（V7）",
                $"expired after {EnglishDate(card.ExpiresOn)} (V7)"));
            expired++;
        }
        return WindowOutcome<SweepReport>.Success(new SweepReport(today, lapsed, expired));
    }
}
