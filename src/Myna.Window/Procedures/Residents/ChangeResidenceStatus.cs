using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using static Myna.Primitives.Text.TextFormat;

namespace Myna.Window.Procedures.Residents;

/// <summary>
/// V4: a foreign resident's new status or period of stay is recorded; it moves the card's expiry (never past V2's, only
/// before the card expires), written in the endorsement area and on the chip. A card that has expired keeps its expiry:
/// the new status is recorded all the same, and the holder is told that only a paid reissue helps (V4, V6).
/// </summary>
internal static class ChangeResidenceStatus
{
    public const string Action = "resident.residence-status-changed";

    public static async Task<WindowOutcome<DetailsChange>> RunAsync(WindowWork work, Guid residentId, ForeignResidence newResidence)
    {
        ArgumentNullException.ThrowIfNull(newResidence);
        var today = work.Today;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        if (resident.Nationality is null)
            return Refusals.NotAForeignResident;
        var card = await work.CurrentCardAsync(resident.Id);
        resident.SetForeignResidence(resident.Nationality, newResidence);
        Endorsement? endorsement = null;
        LocalizedText? notice = null;
        if (card is not null)
        {
            var change = ExpiryChangeRule.AfterStatusChange(resident.BirthDate, card.IssuedOn, card.ExpiresOn, newResidence, today);
            if (!change.Decision.IsAllowed && card.StateOn(today) != CardState.Expired)
                return Refusal.Of(change.Decision);
            if (!change.Decision.IsAllowed)
            {
                // The record keeps the new status; the card cannot follow it (V4): a paid reissue after expiry is the way.
                notice = Refusal.Of(change.Decision).Text.Then(new LocalizedText(
                    "在留資格は記録しました。カードの再交付（有料）を申請してください。（V6）",
                    "The new status of residence is recorded; apply for a paid reissue of the card (V6)."));
                card = null;
            }
            else
            {
                var newExpiry = change.NewExpiry!.Value;
                card.ChangeExpiry(newExpiry, today);
                if (await work.ClaimAsync(resident, card) is { } conflict)
                    return conflict;
                if (card.HasRoomForEndorsement)
                {
                    endorsement = card.Endorse(today, $"{JapaneseDate(today)} 有効期限変更 {JapaneseDate(newExpiry)}");
                    var chip = await work.OpenChipAsync(card, await work.MunicipalityAsync(card.IssuedBy));
                    work.Issuing.RewriteCardFace(chip.Chip, chip.Details!, resident.MyNumber, resident.FourDetails, newExpiry);
                }
                else
                {
                    notice = new LocalizedText(
                        "追記欄に余白がないため、新しい有効期限を記載したカードを無料で再交付します。（M2）",
                        "The endorsement area is full: the card is reissued free of charge to show the new expiry (M2).");
                }
            }
        }
        if (await work.ClaimAsync(resident) is { } residentConflict)
            return residentConflict;
        work.Audit(Action, Checks.ResidentSubject(resident.Id), card is null
            ? new LocalizedText("在留資格を変更しました。", "status of residence changed")
            : new LocalizedText($"在留資格を変更しました。カードの有効期限は{JapaneseDate(card.ExpiresOn)}になりました。（V4）",
                $"status of residence changed; card expiry now {EnglishDate(card.ExpiresOn)} (V4)"));
        return WindowOutcome<DetailsChange>.Success(new DetailsChange(resident, card, endorsement, notice));
    }
}
