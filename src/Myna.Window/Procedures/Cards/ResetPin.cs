using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;

namespace Myna.Window.Procedures.Cards;

/// <summary>P3: sets a new PIN for a blocked (or forgotten) one, only at the window of the municipality of residence.</summary>
internal static class ResetPin
{
    public const string Action = "pin.reset";

    public static async Task<WindowOutcome<CardRecord>> RunAsync(WindowWork work, Guid cardId, PinKind kind, string newPin)
    {
        if (!Enum.IsDefined(kind))
            return Refusal.Invalid(new("暗証番号の種類が正しくありません。", "Unknown PIN kind."));
        var (pin, badPin) = Checks.RequiredPin(kind, newPin);
        if (badPin is not null)
            return badPin;
        var (card, notInUse) = await CardInUse.FindAsync(work, cardId, RuleIds.P3,
            new("暗証番号を再設定できるのは利用中のカードだけです。", "a PIN is reset on a card in use"));
        if (card is null)
            return notInUse!;
        var resident = (await work.ResidentAsync(card.ResidentId))!;
        if (resident.Status != ResidentStatus.Registered)
            return Refusals.PinResetOnlyWhereRegistered;
        if ((kind == PinKind.Signature && card.SignatureCertificate is null) || (kind == PinKind.UserAuthentication && card.AuthenticationCertificate is null))
            return Refusals.NoCertificateForPin;
        if (await work.ClaimAsync(card) is { } conflict)
            return conflict;
        var chip = await work.OpenChipAsync(card, await work.MunicipalityAsync(card.IssuedBy));
        work.Issuing.ResetPin(chip.Chip, chip.Details!, pin!);
        var what = ProcedureWords.Of(kind);
        work.Audit(Action, Checks.CardSubject(card.Id), new LocalizedText(
            $"{what.Japanese}を窓口で再設定し、誤入力の回数を元に戻しました。（P3）",
            $"The {what.English} was set anew at the window and its count of wrong entries cleared (P3)."));
        return WindowOutcome<CardRecord>.Success(card);
    }
}
