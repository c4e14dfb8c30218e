using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Reader;
using Myna.Registry.Applications;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window.Demo;

/// <summary>
/// The sandbox's first-start data: the guidebook's municipality (Koriyama) and two others to move to, and a few
/// residents whose cards stand in different states, made through the window's own procedures (so every one of
/// them is audited and its chip is real).
/// </summary>
/// <remarks>
/// PINs of the demo cards are fixed and published (docs/window.md): this is test data for a sandbox, never for
/// production. Expired and lapsed cards come from moving the sandbox clock forward (the foreign resident's card
/// expires 20 days after the seed; a pending move lapses after its deadline).
/// </remarks>
public static partial class DemoRegistry
{
    /// <summary>The PINs every demo card gets (signature password, authentication, 住基, input assist).</summary>
    public static readonly DeliveryPins Pins = new("MYNA2026", "1234", "1234", "1234");

    /// <summary>The municipalities of the sandbox.</summary>
    public static IReadOnlyList<Municipality> Municipalities { get; } =
    [
        Municipality.Koriyama(),
        new(LocalGovernmentCode.Parse("07201").Value, "福島県", "福島市", "Fukushima-ken", "Fukushima-shi"),
        new(LocalGovernmentCode.Parse("13101").Value, "東京都", "千代田区", "Tokyo-to", "Chiyoda-ku"),
    ];

    /// <summary>Adds the municipalities that are missing. Safe to call on every start.</summary>
    public static async Task EnsureMunicipalitiesAsync(IDbContextFactory<MynaDbContext> contexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = contexts.CreateDbContext();
        foreach (var municipality in Municipalities)
        {
            if (!await db.Set<Municipality>().AnyAsync(m => m.Code == municipality.Code, cancellationToken))
                db.Add(municipality);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>How many residents <see cref="SeedResidentsAsync"/> registers.</summary>
    public const int DemoResidents = 8;

    /// <summary>How many cards <see cref="SeedResidentsAsync"/> delivers (one resident's card is replaced, one only applied for).</summary>
    public const int DemoCards = 8;

    /// <summary>
    /// Seeds the demo residents when the registry has none; reports each step through <paramref name="progress"/>
    /// ("registering resident 3/8", "issuing card 5/8": counts, never a name, since the steps go to the log).
    /// </summary>
    /// <returns>Whether anything was seeded.</returns>
    public static async Task<bool> SeedResidentsAsync(
        MunicipalWindow window, IDbContextFactory<MynaDbContext> contexts, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(contexts);
        await EnsureMunicipalitiesAsync(contexts, cancellationToken);
        await using (var db = contexts.CreateDbContext())
        {
            if (await db.Set<Registry.Residents.Resident>().AnyAsync(cancellationToken))
                return false;
        }
        var staff = AuditActor.System;
        var today = window.Today;
        int residents = 0, cards = 0;

        async Task<Registry.Residents.Resident> Register(string family, string given, string familyKana, string givenKana, DateOnly birth, Sex sex,
            string address, string? former = null, string? nationality = null, ForeignResidence? residence = null,
            string domicile = "福島県郡山市朝日一丁目23番")
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"registering resident {++residents}/{DemoResidents}"));
            var outcome = await window.RegisterResidentAsync(new ResidentRegistration(
                "072036", family, given, familyKana, givenKana, birth, sex, address, birth < today.AddYears(-10) ? new DateOnly(2015, 10, 5) : birth,
                former, nationality is null ? domicile : null, nationality, residence), staff, cancellationToken);
            return outcome.Value;
        }

        async Task<Registry.Cards.CardRecord> Issue(Registry.Residents.Resident resident, CardApplicationForm form, DeliveryPins pins)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"issuing card {++cards}/{DemoCards}"));
            var application = (await window.ApplyForCardAsync(form, staff, cancellationToken)).Value;
            return (await window.DeliverCardAsync(application.Id, pins, staff, cancellationToken)).Value;
        }

        // 1. An adult with both certificates, in use.
        var hanako = await Register("番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1985, 2, 28), Sex.Female, "福島県郡山市朝日一丁目23番7号", former: "旧姓");
        await Issue(hanako, new CardApplicationForm(hanako.Id), Pins);

        // 2. A child under 15: the legal representative applied; no signature certificate (P4).
        var child = await Register("番号", "一太", "バンゴウ", "イチタ", today.AddYears(-9), Sex.Male, "福島県郡山市朝日一丁目23番7号");
        await Issue(child, new CardApplicationForm(child.Id, ApplicantRole.LegalRepresentative, "番号 花子", WantsSignatureCertificate: false),
            Pins with { Signature = null });

        // 3. A card reported lost: suspended, both certificates revoked (L1).
        var taro = await Register("郡山", "太郎", "コオリヤマ", "タロウ", new DateOnly(1970, 7, 1), Sex.Male, "福島県郡山市堂前町1番1号",
            domicile: "東京都千代田区千代田1番");
        var lost = await Issue(taro, new CardApplicationForm(taro.Id), Pins);
        await window.SuspendCardAsync(lost.Id, AuditActor.CallCentre, cancellationToken);

        // 4. A locked user-authentication PIN (three wrong entries, P3): the window resets it.
        var ichiro = await Register("鈴木", "一郎", "スズキ", "イチロウ", new DateOnly(1958, 11, 3), Sex.Male, "福島県郡山市清水台1丁目1番",
            domicile: "福島県郡山市清水台一丁目1番");
        var locked = await Issue(ichiro, new CardApplicationForm(ichiro.Id), Pins);
        progress?.Report("locking a PIN");
        LockAuthenticationPin(window, locked.Id);

        // 5. A foreign resident whose period of stay ends in 20 days: the card expires with it (V3).
        var lan = await Register("グエン", "ティ ラン", "グエン", "ティ ラン", new DateOnly(1998, 9, 15), Sex.Female, "福島県郡山市駅前2丁目5番",
            nationality: "ベトナム", residence: ForeignResidence.MidToLongTerm(today.AddDays(20)));
        await Issue(lan, new CardApplicationForm(lan.Id), Pins);

        // 6. A card reissued after loss (the old one replaced, 1,000 yen in the fee ledger, L3).
        var misaki = await Register("佐藤", "美咲", "サトウ", "ミサキ", new DateOnly(1992, 4, 20), Sex.Female, "福島県郡山市富久山町1番",
            domicile: "福島県郡山市富久山町1番");
        var first = await Issue(misaki, new CardApplicationForm(misaki.Id), Pins);
        await window.SuspendCardAsync(first.Id, AuditActor.CallCentre, cancellationToken);
        await Issue(misaki, new CardApplicationForm(misaki.Id, Occasion: CardIssueOccasion.ReissueAfterLossOrDamage), Pins);

        // 7. A move-out filed: the card lapses unless the move-in notice comes in time (V5).
        var ken = await Register("高橋", "健", "タカハシ", "ケン", new DateOnly(2000, 1, 10), Sex.Male, "福島県郡山市開成1丁目1番",
            domicile: "福島県福島市杉妻町2番");
        await Issue(ken, new CardApplicationForm(ken.Id), Pins);
        await window.NoteMoveOutAsync(ken.Id, today.AddDays(7), "東京都千代田区千代田1番1号", staff, cancellationToken);

        // 8. An application waiting for delivery, without certificates (E5 later).
        var yui = await Register("田中", "結衣", "タナカ", "ユイ", new DateOnly(2005, 6, 1), Sex.Female, "福島県郡山市桑野1丁目2番",
            domicile: "福島県郡山市桑野一丁目2番");
        await window.ApplyForCardAsync(new CardApplicationForm(yui.Id, WantsSignatureCertificate: false, WantsAuthenticationCertificate: false),
            staff, cancellationToken);
        return true;
    }

    private static void LockAuthenticationPin(MunicipalWindow window, Guid cardId)
    {
        using var chip = window.OpenCardChip(cardId);
        var client = new MynaCardClient(new EmulatorTransport(chip));
        var wrong = Pin.Parse(PinKind.UserAuthentication, "0000").Value;
        for (var i = 0; i < PinPolicy.For(PinKind.UserAuthentication).MaxTries; i++)
            client.VerifyPin(wrong);
    }
}
