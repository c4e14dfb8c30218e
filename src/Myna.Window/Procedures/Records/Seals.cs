using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Registry.Seals;

namespace Myna.Window.Procedures.Records;

/// <summary>
/// A seal registration (印鑑登録): a registered resident of 15 or over who is no adult ward, with no registration in
/// force, registers a seal; the window assigns the registration number and records the card handed over.
/// </summary>
internal static class RegisterSeal
{
    public const string Action = "seal.registered";

    /// <summary>The age from which a seal is registered (印鑑登録事務処理要領: not under 15).</summary>
    public const int MinimumAge = 15;

    public static async Task<WindowOutcome<SealRegistration>> RunAsync(WindowWork work, Guid residentId, SealRegistrationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = work.Today;
        var cardNumber = form.CardNumber?.Trim();
        if (!SealNumbers.IsCardNumber(cardNumber))
            return Refusals.BadSealCardNumber;
        if (RecordChecks.RequiredText(InputField.SealImpression, form.Impression) is { } badImpression)
            return badImpression;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        var registeredOn = form.RegisteredOn ?? today;
        if (RecordChecks.Day(InputField.SealRegisteredOn, registeredOn, resident.BirthDate, today) is { } badDay)
            return badDay;
        if (resident.Status != ResidentStatus.Registered)
            return Refusals.SealWhileMovingOut;
        if (Birthdays.AgeOn(resident.BirthDate, registeredOn) < MinimumAge)
            return Refusals.SealTooYoung;
        if (resident.IsAdultWard)
            return Refusals.SealAdultWard;
        var registrations = work.Db.Set<SealRegistration>();
        if (await registrations.AnyAsync(s => s.ResidentId == resident.Id && s.State == SealRegistrationState.Registered, work.Cancellation))
            return Refusals.SealRegisteredAlready;
        if (await registrations.AnyAsync(s => s.Municipality == resident.Municipality && s.CardNumber == cardNumber, work.Cancellation))
            return Refusals.SealCardNumberInUse;

        var registration = new SealRegistration(
            Guid.NewGuid(), resident.Id, resident.Municipality, await NewRegistrationNumberAsync(work, resident), cardNumber!, registeredOn, form.Impression);
        work.Db.Add(registration);
        // Neither number goes into the audit trail.
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText("印鑑を登録し、印鑑登録証を交付しました。", "seal registered; registration card handed over"));
        return WindowOutcome<SealRegistration>.Success(registration);
    }

    private static async Task<string> NewRegistrationNumberAsync(WindowWork work, Resident resident)
    {
        // The unique index is the guarantee; the check only avoids a failed save.
        while (true)
        {
            var candidate = RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!await work.Db.Set<SealRegistration>().AnyAsync(s => s.Municipality == resident.Municipality && s.RegistrationNumber == candidate, work.Cancellation))
                return candidate;
        }
    }
}

/// <summary>Abolishes a seal registration (廃止): at the holder's request, after the card was lost, on moving out …</summary>
internal static class AbolishSeal
{
    public const string Action = "seal.abolished";

    public static async Task<WindowOutcome<SealRegistration>> RunAsync(WindowWork work, Guid registrationId, SealAbolitionReason reason, DateOnly? abolishedOn)
    {
        if (!Enum.IsDefined(reason))
            return Refusals.UnknownAbolitionReason;
        if (await work.Db.Set<SealRegistration>().SingleOrDefaultAsync(s => s.Id == registrationId, work.Cancellation) is not { } registration)
            return Refusals.NoSuchSealRegistration;
        var on = abolishedOn ?? work.Today;
        if (on > work.Today || on < registration.RegisteredOn)
        {
            return Refusal.Invalid(new("廃止日は、登録日から本日までの日付を入力してください。",
                "The day of abolition lies between the registration and today."), InputField.AbolishedOn);
        }
        registration.Abolish(on, reason);
        var words = SealWords.Of(reason);
        work.Audit(Action, Checks.ResidentSubject(registration.ResidentId), new LocalizedText(
            $"印鑑登録を廃止しました（理由：{words.Japanese}）。", $"seal registration abolished ({words.English})"));
        return WindowOutcome<SealRegistration>.Success(registration);
    }
}

/// <summary>
/// U2.10: a seal registration certificate (印鑑登録証明書) at the window, on presentation of the seal registration card;
/// the My Number card does not serve there. Nothing changes but the audit trail.
/// </summary>
internal static class IssueSealCertificate
{
    public const string Action = "seal.certificate-issued";

    public static async Task<WindowOutcome<SealCertificate>> RunAsync(WindowWork work, Guid residentId, PresentedDocument presented, string? cardNumber)
    {
        if (!Enum.IsDefined(presented))
            return Refusals.UnknownPresentedDocument;
        var typed = cardNumber?.Trim();
        // A malformed number is a typing error (400); a missing card, the My Number card, or another card is U2.10's no.
        if (presented == PresentedDocument.SealRegistrationCard && !string.IsNullOrEmpty(typed) && !SealNumbers.IsCardNumber(typed))
            return Refusals.BadSealCardNumber;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        var live = await work.Db.Set<SealRegistration>().AsNoTracking()
            .SingleOrDefaultAsync(s => s.ResidentId == resident.Id && s.State == SealRegistrationState.Registered, work.Cancellation);
        var decision = SealCertificateRule.AtWindow(live, presented, typed);
        if (!decision.IsAllowed)
            return Refusal.Of(decision);
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText(
            "窓口で印鑑登録証明書を交付しました（印鑑登録証の提示による）。（U2.10）", "seal registration certificate issued at the window on presentation of the card (U2.10)"));
        return WindowOutcome<SealCertificate>.Success(new SealCertificate(live!, resident, work.Today, decision.Reason));
    }
}

/// <summary>The seal registration's codes in words, both languages.</summary>
public static class SealWords
{
    public static LocalizedText Of(SealAbolitionReason reason) => reason switch
    {
        SealAbolitionReason.AtRequest => new("本人の申請", "at the holder's request"),
        SealAbolitionReason.CardLost => new("印鑑登録証の亡失", "registration card lost"),
        SealAbolitionReason.MovedOut => new("転出", "moved out"),
        SealAbolitionReason.NameChanged => new("氏名の変更", "name changed"),
        SealAbolitionReason.Deceased => new("死亡", "deceased"),
        _ => new(reason.ToString(), reason.ToString()),
    };
}
