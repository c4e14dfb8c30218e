using Myna.Primitives.Text;
using Myna.Registry.Residents;

namespace Myna.Window.Procedures.Residents;

/// <summary>
/// Q7, U2.6: records or lifts a support measure (DV等支援措置) and the 居所 where the holder actually lives, to which cards
/// are then delivered.
/// </summary>
internal static class SetSupportMeasure
{
    public static string ActionFor(bool active) => active ? "resident.support-measure-set" : "resident.support-measure-lifted";

    public static async Task<WindowOutcome<Resident>> RunAsync(WindowWork work, Guid residentId, bool active, string? residence)
    {
        if (residence is not null && Checks.Address(residence, Refusals.ResidenceTooLong) is { } bad)
            return bad;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        resident.SetSupportMeasure(active, residence);
        // The 居所 itself is not audited: it is what the measure hides.
        work.Audit(ActionFor(active), Checks.ResidentSubject(resident.Id), active
            ? resident.Residence is null
                ? new LocalizedText("支援措置を記録しました。（Q7）", "support measure recorded (Q7)")
                : new LocalizedText("支援措置を記録し、居所を登録しました。（Q7）", "support measure recorded (Q7); 居所 registered")
            : new LocalizedText("支援措置を終了しました。", "support measure lifted"));
        return WindowOutcome<Resident>.Success(resident);
    }
}

/// <summary>P4: records or lifts an adult-ward ruling (成年後見), which decides the certificates that may be loaded.</summary>
internal static class SetAdultWard
{
    public const string Action = "resident.adult-ward-changed";

    public static async Task<WindowOutcome<Resident>> RunAsync(WindowWork work, Guid residentId, bool isAdultWard)
    {
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        resident.SetAdultWard(isAdultWard);
        work.Audit(Action, Checks.ResidentSubject(resident.Id), isAdultWard
            ? new LocalizedText("成年被後見人であることを記録しました。（P4）", "adult ward recorded (P4)")
            : new LocalizedText("成年後見の審判の取消しを記録しました。", "adult-ward ruling lifted"));
        return WindowOutcome<Resident>.Success(resident);
    }
}

/// <summary>Records the household (世帯): its head (世帯主) and the relationship to them (続柄), or clears them.</summary>
internal static class SetHousehold
{
    public const string Action = "resident.household-changed";

    public static async Task<WindowOutcome<Resident>> RunAsync(WindowWork work, Guid residentId, string? head, string? relationship)
    {
        if ((Checks.OptionalText(InputField.HouseholdHead, head) ?? Checks.OptionalText(InputField.RelationshipToHead, relationship)) is { } bad)
            return bad;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        resident.SetHousehold(head, relationship);
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText("世帯の記録を変更しました。", "household recorded"));
        return WindowOutcome<Resident>.Success(resident);
    }
}

/// <summary>
/// Records the previous address (前住所) and the day the current address began (住所を定めた日) as the papers show them:
/// for a record made before they were kept, or to correct them. A move (転居, 転入) records both by itself.
/// </summary>
internal static class SetPreviousAddress
{
    public const string Action = "resident.previous-address-recorded";

    public static async Task<WindowOutcome<Resident>> RunAsync(WindowWork work, Guid residentId, PreviousAddressForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.PreviousAddress is not null && Checks.Address(form.PreviousAddress, Refusals.Required(InputField.PreviousAddress)) is { } bad)
            return bad;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        if (Records.RecordChecks.Day(InputField.AddressSince, form.AddressSince, resident.BirthDate, work.Today) is { } badDay)
            return badDay;
        resident.SetPreviousAddress(form.PreviousAddress, form.AddressSince);
        // The addresses themselves stay out of the audit details.
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText(
            "前住所と住所を定めた日を記録しました。", "previous address and the day the address began recorded"));
        return WindowOutcome<Resident>.Success(resident);
    }
}
