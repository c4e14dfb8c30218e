using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Myna.Insurance;
using Myna.Insurance.Records;
using Myna.OnlineEligibility.Records;
using Myna.Portal.Accounts;
using Myna.Portal.Procedures;
using Myna.Reader;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Server.Cards;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;
using Myna.Window.Procedures.Insurance;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The card as the health insurance card at a clinic's reception terminal, in a real browser (U1): the sandbox's clinic
/// chosen, the card placed, the holder confirmed with the PIN (which the chip checks before it signs the check's
/// challenge) or by the staff's look, the consent screens, and the service's answer — eligible with the insurer's facts
/// and the subsidy note, or refused with its rule — then the staff's view of the check with its consent and receipt.
/// A blocked PIN ends the reception with a pointer to the window.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class ClinicReceptionTests(Chromium chromium) : IAsyncLifetime
{
    /// <summary>Thursday 2026-06-11, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset VisitTime = new(2026, 6, 11, 10, 0, 0, TimeSpan.FromHours(9));

    private const string Clinic = "あさひ内科クリニック（受付端末 1）";
    private const string Pharmacy = "さくら薬局 郡山駅前店（受付端末 1）";

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(VisitTime), realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Patient_ConfirmedWithThePin_IsEligible_AndTheStaffSeeTheConsentAndTheReceipt_U1_2_U1_4()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1985, 4, 2),
            "福島県郡山市朝日一丁目２３番７号");
        await RegisterForInsuranceUseAsync(resident, card);
        var insurer = await InsurerAsync("01070010", "全国健康保険協会福島支部", InsuranceScheme.KyokaiKenpo);
        await EnrolAsync(insurer, resident, new DateOnly(2016, 4, 1), IncomeClass.WorkingAge1);
        // Last year's health check, which the insurer recorded: the clinic sees it only because she agrees below.
        var healthCheck = await _server.Services.GetRequiredService<HealthCheckRecords>().RecordAsync(insurer.Id, resident.Id,
            new HealthCheckResult(new DateOnly(2025, 6, 10), 158.2, 56.4, 74, 132, 84, 5.6, 142), AuditActor.Staff("insurer"));
        Assert.True(healthCheck.Succeeded, healthCheck.Problem?.ToString());

        // The terminal: the sandbox's clinic.
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/clinic/reception");
        await page.GetByLabel("医療機関・薬局と端末").SelectOptionAsync(new SelectOptionValue { Label = Clinic });
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-terminal");
        await page.GetByRole(AriaRole.Button, new() { Name = "受付を始める" }).ClickAsync();
        await Expect(page.Locator("header")).ToContainTextAsync("あさひ内科クリニック");

        // ① The card, ② the identity check: the face check is offered; she takes the PIN on the pad.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("マイナンバーカードを置いてください");
        await Pages.AssertAccessibleAsync(page);
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await Expect(page.Locator("#placed-card")).ToContainTextAsync("番号");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "顔認証" })).ToBeEnabledAsync();
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-identity");
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号" }).ClickAsync();
        foreach (var digit in "1234")
            await page.GetByRole(AriaRole.Button, new() { Name = digit.ToString(), Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("暗証番号（数字4桁）")).ToHaveValueAsync("1234");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-pin");
        await page.GetByRole(AriaRole.Group, new() { Name = "テンキー" }).GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();

        // ③ The consent: medication and health checks, not the treatments (U1.4); the ceiling applied (U1.6).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("情報の提供に同意しますか");
        await page.GetByLabel("過去のお薬の情報").CheckAsync();
        await page.GetByLabel("特定健診などの結果").CheckAsync();
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("限度額情報の提供に同意しますか");
        await Pages.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "同意する" }).ClickAsync();

        // ④ Eligible: the insurer's facts, the copayment, the ceiling category, and the subsidy note (U1.3).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("資格を確認しました");
        await Expect(page.Locator("#insurer-name")).ToHaveTextAsync("全国健康保険協会福島支部");
        await Expect(page.Locator("#insurer-number")).ToHaveTextAsync("01070010");
        await Expect(page.Locator("#symbol-number")).ToContainTextAsync("7010001");
        await Expect(page.Locator("#copayment")).ToContainTextAsync("3割");
        await Expect(page.Locator("#ceiling-category")).ToContainTextAsync("区分ウ");
        await Expect(page.Locator("#elderly-class")).ToContainTextAsync("該当なし");
        await Expect(page.Locator("#subsidy-note")).ToContainTextAsync("医療費助成の受給者証");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-eligible");

        // The staff's view: the result, the PIN, the consent as given, and a receipt whose signature verifies.
        await page.Locator("#staff-view").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("受付の確認結果");
        await Expect(page.Locator("#check-result")).ToContainTextAsync("資格あり");
        await Expect(page.Locator("#check-rule")).ToHaveTextAsync("U1.2");
        await Expect(page.Locator("#check-identity")).ToContainTextAsync("暗証番号");
        await Expect(page.Locator("#consent-medication")).ToContainTextAsync("同意あり");
        await Expect(page.Locator("#consent-health-checks")).ToContainTextAsync("同意あり");
        await Expect(page.Locator("#consent-treatments")).ToContainTextAsync("同意なし");
        await Expect(page.Locator("#consent-ceiling")).ToContainTextAsync("同意あり");
        await Expect(page.Locator("#receipt-verdict")).ToContainTextAsync("改ざんされていません");
        await Expect(page.Locator("#receipt-content")).ToContainTextAsync("\"insurer\":\"01070010\"");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-visit");

        // The records she agreed to, on the staff's request: the health check, no medication yet, not the treatments (U1.4).
        await page.Locator("#show-records").ClickAsync();
        await Expect(page.Locator("#records-health-checks")).ToContainTextAsync("2025-06-10");
        await Expect(page.Locator("#records-health-checks")).ToContainTextAsync("158.2 cm");
        await Expect(page.Locator("#records-medication")).ToContainTextAsync("薬剤の記録はありません");
        await Expect(page.Locator("#records-treatments")).ToContainTextAsync("同意されていません");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-visit-records");
        var visit = new Uri(page.Url).AbsolutePath;
        var content = await page.Locator("#receipt-content").InnerTextAsync();
        Assert.DoesNotContain(resident.MyNumber.Reveal(), content, StringComparison.Ordinal);

        // The terminal's list of its checks.
        await page.GotoAsync("/clinic/visits");
        await Expect(page.Locator("#recent-checks tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#recent-checks .check-result")).ToContainTextAsync("資格あり");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-visits");

        // A browser that is no terminal sees nothing; the pharmacy's terminal does not see the clinic's check.
        var stranger = await chromium.NewPageAsync(_server.BaseAddress);
        var refused = await stranger.GotoAsync(visit);
        Assert.Equal(404, refused!.Status);
        await Expect(stranger.Locator("main")).ToContainTextAsync("受付端末が選ばれていません");
        await Expect(stranger.Locator("main")).Not.ToContainTextAsync("01070010");
        await stranger.GotoAsync("/clinic/reception");
        await stranger.GetByLabel("医療機関・薬局と端末").SelectOptionAsync(new SelectOptionValue { Label = Pharmacy });
        await stranger.GetByRole(AriaRole.Button, new() { Name = "受付を始める" }).ClickAsync();
        await Expect(stranger.Locator("header")).ToContainTextAsync("さくら薬局");
        var foreign = await stranger.GotoAsync(visit);
        Assert.Equal(404, foreign!.Status);
        await Expect(stranger.Locator("main")).ToContainTextAsync("該当するものはありません");

        // The next patient: back at the card, the terminal kept.
        await page.GotoAsync("/clinic/reception");
        await page.GetByRole(AriaRole.Button, new() { Name = "次の方の受付" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("マイナンバーカードを置いてください");
        await page.Context.CloseAsync();
        await stranger.Context.CloseAsync();
    }

    [Fact]
    public async Task Patient_WhoseEnrolmentWasLostLastMonth_IsRefused_AndNothingIsConsented_U1_2()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "佐藤", "美咲", "サトウ", "ミサキ", new DateOnly(1992, 8, 20),
            "福島県郡山市桑野二丁目３番４号");
        await RegisterForInsuranceUseAsync(resident, card);
        var insurer = await InsurerAsync("06070122", "郡山電機健康保険組合", InsuranceScheme.HealthInsuranceSociety);
        var enrolment = await EnrolAsync(insurer, resident, new DateOnly(2016, 5, 1), IncomeClass.General);
        var office = _server.Services.GetRequiredService<InsuranceOffice>();
        Assert.True((await office.EndEnrolmentAsync(enrolment.Id, new DateOnly(2026, 5, 16), AuditActor.Staff("insurer"))).Succeeded);

        var page = await StartAtTheClinicAsync();
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        // The staff's visual check: the terminal reads the certificate, no PIN.
        await page.GetByRole(AriaRole.Button, new() { Name = "目視確認" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("受付職員が本人確認をします");
        await Pages.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "職員が本人を確認しました" }).ClickAsync();
        await page.GetByLabel("過去のお薬の情報").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "同意する" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("資格を確認できませんでした");
        await Expect(page.Locator("#answer-rule")).ToHaveTextAsync("U1.2");
        await Expect(page.Locator("#eligibility-answer")).ToContainTextAsync("有効な健康保険の資格が確認できません");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-refused");

        // Without an answer that the patient is covered, nothing was consented to (U1.4); the staff looked.
        await page.Locator("#staff-view").ClickAsync();
        await Expect(page.Locator("#check-result")).ToContainTextAsync("受診日に有効な資格なし");
        await Expect(page.Locator("#check-identity")).ToContainTextAsync("目視確認");
        await Expect(page.Locator("#consent-medication")).ToContainTextAsync("同意なし");
        await Expect(page.Locator("#consent-ceiling")).ToContainTextAsync("同意なし");
        await Expect(page.Locator("#consented-records")).ToContainTextAsync("同意されていません");
        await Expect(page.Locator("#receipt-verdict")).ToContainTextAsync("改ざんされていません");
        await Pages.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Patient_ConfirmedByTheFaceCheck_OnlyWithHerOwnFace_IsEligible_U1_2()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "グエン", "ティ ラン", "グエン", "ティ ラン", new DateOnly(1998, 7, 21),
            "福島県郡山市朝日一丁目２３番７号");
        var (_, stranger) = await CardHolderSeed.RegisterWithCardAsync(_server, "高橋", "健", "タカハシ", "ケン", new DateOnly(2000, 3, 14),
            "福島県郡山市清水台１丁目１番");
        await RegisterForInsuranceUseAsync(resident, card);
        var insurer = await InsurerAsync("01070010", "全国健康保険協会福島支部", InsuranceScheme.KyokaiKenpo);
        await EnrolAsync(insurer, resident, new DateOnly(2020, 6, 1), IncomeClass.General);
        // The camera's images: her own face (the chip's photo, as the camera would see her) and another holder's.
        var ownFace = await PhotoOnChipAsync(card.Id);
        var otherFace = await PhotoOnChipAsync(stranger.Id);

        var page = await StartAtTheClinicAsync();
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "顔認証" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("顔認証をします");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-face");

        // Another face: refused at the terminal, nothing sent; she stays on the camera's screen.
        await page.GetByLabel("カメラの画像").SetInputFilesAsync(new FilePayload { Name = "camera.png", MimeType = "image/png", Buffer = otherFace });
        await page.GetByRole(AriaRole.Button, new() { Name = "照合する" }).ClickAsync();
        await Expect(page.Locator("#reception-notice")).ToContainTextAsync("顔写真と一致しませんでした");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("顔認証をします");

        // Her own face: the check goes on to the consent and the answer.
        await page.GetByLabel("カメラの画像").SetInputFilesAsync(new FilePayload { Name = "camera.png", MimeType = "image/png", Buffer = ownFace });
        await page.GetByRole(AriaRole.Button, new() { Name = "照合する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("情報の提供に同意しますか");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "同意しない" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("資格を確認しました");
        await Expect(page.Locator("#insurer-name")).ToHaveTextAsync("全国健康保険協会福島支部");

        await page.Locator("#staff-view").ClickAsync();
        await Expect(page.Locator("#check-identity")).ToContainTextAsync("顔認証");
        await Pages.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACardNotRegisteredForInsuranceUse_IsRefused_WithThePointerToThePortal_U1_1()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "鈴木", "一郎", "スズキ", "イチロウ", new DateOnly(1958, 11, 3),
            "福島県郡山市清水台１丁目１番");
        var insurer = await InsurerAsync("070037", "郡山市国民健康保険", InsuranceScheme.NationalHealthInsurance, "07203");
        await EnrolAsync(insurer, resident, new DateOnly(2018, 12, 1), IncomeClass.General);

        var page = await StartAtTheClinicAsync();
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号" }).ClickAsync();
        await page.GetByLabel("暗証番号（数字4桁）").FillAsync("1234");
        await page.GetByRole(AriaRole.Group, new() { Name = "テンキー" }).GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "同意しない" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("資格を確認できませんでした");
        await Expect(page.Locator("#answer-rule")).ToHaveTextAsync("U1.1");
        await Expect(page.Locator("#eligibility-answer")).ToContainTextAsync("マイナポータルで利用登録をしてください");
        await Pages.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThreeWrongPins_BlockThePin_AndTheReceptionPointsToTheWindow_P3()
    {
        var (_, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "田中", "結衣", "タナカ", "ユイ", new DateOnly(2005, 1, 9),
            "福島県郡山市清水台１丁目１番");

        var page = await StartAtTheClinicAsync();
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号" }).ClickAsync();
        foreach (var left in new[] { 2, 1 })
        {
            await page.GetByLabel("暗証番号（数字4桁）").FillAsync("9999");
            await page.GetByRole(AriaRole.Group, new() { Name = "テンキー" }).GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
            await Expect(page.Locator("#reception-notice")).ToContainTextAsync($"暗証番号が違います。あと{left}回");
            await Expect(page.Locator("#notice-rule")).ToHaveTextAsync("P3");
        }
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-wrong-pin");
        await page.GetByLabel("暗証番号（数字4桁）").FillAsync("9999");
        await page.GetByRole(AriaRole.Group, new() { Name = "テンキー" }).GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("受付を終了しました");
        await Expect(page.Locator("#reception-notice")).ToContainTextAsync("暗証番号がロックされています");
        await Expect(page.Locator("#reception-notice")).ToContainTextAsync("市区町村窓口");
        await Expect(page.Locator("#notice-rule")).ToHaveTextAsync("P3");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "clinic-pin-blocked");

        // The chip counted every try: the right PIN no longer opens it.
        var blocked = ReadChip(card.Id, c => c.VerifyPin(Myna.Primitives.Pin.Parse(Myna.Primitives.PinKind.UserAuthentication, "1234").Value));
        Assert.Equal(PinVerificationOutcome.Blocked, blocked.Outcome);
        await page.GetByRole(AriaRole.Button, new() { Name = "次の方の受付" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("マイナンバーカードを置いてください");
        await page.Context.CloseAsync();
    }

    /// <summary>The face photo on a card's chip, opened with 照合番号B as the terminal's camera reads it off the card's face.</summary>
    private async Task<byte[]> PhotoOnChipAsync(Guid cardId)
    {
        using var number = await _server.Services.GetRequiredService<CardSlot>().PrintedCollationNumberAsync(new PlacedCard(cardId, null, "card"), default);
        return ReadChip(cardId, c => c.ReadCardFace(number!).Face!.Photo);
    }

    /// <summary>A browser at the sandbox clinic's terminal, at the card.</summary>
    private async Task<IPage> StartAtTheClinicAsync()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/clinic/reception");
        await page.GetByLabel("医療機関・薬局と端末").SelectOptionAsync(new SelectOptionValue { Label = Clinic });
        await page.GetByRole(AriaRole.Button, new() { Name = "受付を始める" }).ClickAsync();
        return page;
    }

    private T ReadChip<T>(Guid cardId, Func<MynaCardClient, T> read)
    {
        using var chip = _server.Services.GetRequiredService<MunicipalWindow>().OpenCardChip(cardId);
        return read(new MynaCardClient(new EmulatorTransport(chip)));
    }

    /// <summary>The holder registers the card for insurance use in the portal (U1.1): the portal's account of the card's certificate, and the login-only application.</summary>
    private async Task RegisterForInsuranceUseAsync(Resident resident, CardRecord card) =>
        await ClinicSeed.RegisterForInsuranceUseAsync(_server, resident, card);

    private async Task<Myna.Insurance.Insurer> InsurerAsync(string number, string name, InsuranceScheme scheme, string? municipality = null) =>
        await ClinicSeed.InsurerAsync(_server, number, name, scheme, municipality);

    private async Task<Enrolment> EnrolAsync(Myna.Insurance.Insurer insurer, Resident resident, DateOnly from, IncomeClass income)
    {
        var outcome = await _server.Services.GetRequiredService<InsuranceOffice>().EnrolAsync(insurer.Id,
            new EnrolmentForm(resident.Id, "7010001", "125", "00", EnrolmentRole.Insured, null, from, income), AuditActor.Staff("insurer"));
        return outcome.Value;
    }
}

/// <summary>What the insurance tests set up in process: a holder's registration for insurance use, an insurer.</summary>
internal static class ClinicSeed
{
    /// <summary>Koriyama City, where the holders live.</summary>
    private const string Koriyama = "07203";

    /// <summary>The holder registers the card for insurance use in the portal (U1.1): the portal's account of the card's certificate, and the login-only application.</summary>
    public static async Task RegisterForInsuranceUseAsync(MynaServer server, Resident resident, CardRecord card)
    {
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        using (var chip = server.Services.GetRequiredService<MunicipalWindow>().OpenCardChip(card.Id))
            certificate = new MynaCardClient(new EmulatorTransport(chip)).ReadAuthenticationCertificate();
        using (certificate)
        {
            var account = await server.Services.GetRequiredService<HolderAccounts>().ResolveAsync(certificate, default);
            var registered = await server.Services.GetRequiredService<OnlineApplications>().CreateAsync(
                account!.Account.Id, resident.Id, ProcedureCatalogue.InsuranceUseRegistration, Koriyama, new Dictionary<string, string?>(), default);
            Assert.Null(registered.Refusal);
        }
    }

    public static async Task<Myna.Insurance.Insurer> InsurerAsync(MynaServer server, string number, string name, InsuranceScheme scheme, string? municipality = null) =>
        (await server.Services.GetRequiredService<InsuranceOffice>().AddInsurerAsync(new InsurerForm(number, name, scheme, municipality), AuditActor.Staff("insurer"))).Value;
}
