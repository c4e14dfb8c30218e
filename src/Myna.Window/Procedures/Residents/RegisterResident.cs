using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Documents;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;

namespace Myna.Window.Procedures.Residents;

/// <summary>
/// Registers a resident and assigns a My Number (unique, check digit, never reused) and a resident record code; sends
/// the paper document of the day (D2, D3).
/// </summary>
internal static class RegisterResident
{
    public const string Action = "resident.registered";

    public static async Task<WindowOutcome<Resident>> RunAsync(WindowWork work, ResidentRegistration form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = work.Today;
        var municipalityCode = LocalGovernmentCode.Parse(form.Municipality);
        if (!municipalityCode.Success)
            return Refusals.BadMunicipalityCode;
        if (Checks.Name(form.FamilyName, form.GivenName, form.FamilyNameKana, form.GivenNameKana, form.FormerSurname) is { } badName)
            return badName;
        if (form.BirthDate > today)
            return Refusals.BirthDateInFuture;
        // The card writes the birth date in the Japanese era; none exists before Meiji.
        if (form.BirthDate < JapaneseEras.Earliest)
            return Refusals.BirthDateBeforeEras;
        var registeredOn = form.RegisteredOn ?? today;
        if (registeredOn > today || registeredOn < form.BirthDate)
            return Refusals.RegistrationDateRange;
        if (Checks.Address(form.Address, Refusals.AddressRequired) is { } badAddress)
            return badAddress;
        if (!Enum.IsDefined(form.Sex))
            return Refusals.UnknownSex;
        if (string.IsNullOrWhiteSpace(form.Nationality) != (form.ForeignResidence is null))
            return Refusals.NationalityAndResidence;
        foreach (var (field, text) in new[]
                 {
                     (InputField.Domicile, form.Domicile), (InputField.HouseholdHead, form.HouseholdHead),
                     (InputField.RelationshipToHead, form.RelationshipToHead), (InputField.Nationality, form.Nationality),
                 })
        {
            if (Checks.OptionalText(field, text) is { } bad)
                return bad;
        }
        if (form.FormerSurname is not null && today < PersonName.FormerSurnameRecordedFrom)
            return Refusal.ByRule(RuleIds.M3, new(
                $"旧氏は{TextFormat.JapaneseDate(PersonName.FormerSurnameRecordedFrom)}から記載できます。（M3）",
                $"A former surname can be recorded from {TextFormat.EnglishDate(PersonName.FormerSurnameRecordedFrom)} (M3)."));
        if (!await work.Db.Set<Municipality>().AnyAsync(m => m.Code == municipalityCode.Value, work.Cancellation))
            return Refusals.NoSuchMunicipality;

        var resident = new Resident(
            Guid.NewGuid(), municipalityCode.Value, await NewRecordCodeAsync(work.Db, work.Cancellation), await NewMyNumberAsync(work.Db, work.Cancellation),
            new PersonName(form.FamilyName, form.GivenName, form.FamilyNameKana, form.GivenNameKana, form.FormerSurname),
            form.BirthDate, form.Sex, form.Address, registeredOn);
        resident.SetForeignResidence(form.Nationality, form.ForeignResidence);
        resident.SetDomicile(form.Domicile);
        resident.SetAdultWard(form.IsAdultWard);
        resident.SetHousehold(form.HouseholdHead, form.RelationshipToHead);
        work.Db.Add(resident);

        // D2, D3: numbered before 2020-05-25 → notification card; from then → number notice.
        var numberedOn = registeredOn < MyNumberDocumentRule.NumberingBegan ? MyNumberDocumentRule.NumberingBegan : registeredOn;
        work.Db.Add(new NumberDocument(Guid.NewGuid(), resident.Id, MyNumberDocumentRule.SentOnNumbering(numberedOn), numberedOn));
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText(
            $"住民として記録しました（市区町村コード {municipalityCode.Value}）。", $"registered at {municipalityCode.Value}"));
        return WindowOutcome<Resident>.Success(resident);
    }

    private static async Task<MyNumber> NewMyNumberAsync(MynaDbContext db, CancellationToken ct)
    {
        // The unique index is the guarantee; the check just avoids a failed save in the (1 in 10^11) collision.
        while (true)
        {
            var candidate = MyNumber.FromFirstElevenDigits(RandomDigits(11));
            if (!await db.ResidentsWithMyNumber(candidate).AnyAsync(ct))
                return candidate;
        }
    }

    private static async Task<ResidentRecordCode> NewRecordCodeAsync(MynaDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var candidate = ResidentRecordCode.NewRandom();
            if (!await db.Set<Resident>().AnyAsync(r => r.RecordCode == candidate, ct))
                return candidate;
        }
    }

    private static string RandomDigits(int count) =>
        string.Create(count, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        });
}
