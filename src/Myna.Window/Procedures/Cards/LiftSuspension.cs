using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;

namespace Myna.Window.Procedures.Cards;

/// <summary>
/// L2: lifts a suspension at the window of the municipality of residence, when the card is found again; new certificates
/// are issued for the PINs the holder enters (P4 still applies).
/// </summary>
internal static class LiftSuspension
{
    public const string Action = "card.suspension-lifted";

    public static async Task<WindowOutcome<CardRecord>> RunAsync(WindowWork work, Guid cardId, CertificatePins pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        if (await work.CardAsync(cardId) is not { } card)
            return Refusals.NoSuchCard;
        if (card.State != CardState.Suspended)
            return Refusals.NoSuspensionToLift(card.State);
        var resident = (await work.ResidentAsync(card.ResidentId))!;
        if (resident.Status != ResidentStatus.Registered)
            return Refusals.LiftOnlyWhereRegistered;
        var (wanted, refused) = CertificateLoading.Parse(pins, resident, work.Today);
        if (refused is not null)
            return refused;
        if (wanted.Count > 0 && Checks.CardFace(work, resident) is { } unwritable)
            return unwritable;
        // The aggregate's guard (an expired card is not lifted, V7) before any effect.
        card.LiftSuspension(work.Today);
        if (await work.ClaimAsync(card, resident) is { } conflict)
            return conflict;
        var loaded = await CertificateLoading.LoadAsync(work, card, resident, wanted);
        var described = CertificateLoading.Describe(loaded);
        work.Audit(Action, Checks.CardSubject(card.Id), new LocalizedText(
            $"一時停止を解除しました。（L2）新しい電子証明書：{described.Japanese}。",
            $"suspension lifted (L2); new certificates: {described.English}"));
        return WindowOutcome<CardRecord>.Success(card);
    }
}
