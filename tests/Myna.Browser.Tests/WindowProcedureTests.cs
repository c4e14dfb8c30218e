using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using Myna.Server.Clock;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>One server for the window-procedure tests: starting one costs seconds, and each test seeds its own resident.</summary>
public sealed class WindowProcedureServer : IAsyncLifetime
{
    public MynaServer Server { get; } = new(realSocket: true);

    public MunicipalWindow Window => Server.Services.GetRequiredService<MunicipalWindow>();

    /// <summary>The sandbox clock; tests only move it forward, so their order does not matter.</summary>
    public SandboxClock Clock => Server.Services.GetRequiredService<SandboxClock>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The window's procedure pages on one resident in a real browser: changes of address and name
/// (M1–M3), residence status (V4), lifting a suspension (L2), certificates later (E5), PIN reset (P3), return, and the
/// moves (V5); plus the fee ledger (L3).
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class WindowProcedureTests(Chromium chromium, WindowProcedureServer fixture) : IClassFixture<WindowProcedureServer>
{
    private const string Koriyama = "072036";
    private static readonly AuditActor Seeder = AuditActor.Staff("window");

    private MunicipalWindow Window => fixture.Window;

    [Fact]
    public async Task AddressChange_FillsTheEndorsementArea_ThenSaysAFreeReissueIsDue_M1_M2()
    {
        var (residentId, cardId) = await SeedAsync("花子", "ハナコ");
        var page = await WindowStaffAsync();
        await page.GotoAsync(Procedure(residentId, "Address"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#endorsement-area")).ToContainTextAsync("0/4");
        await Expect(page.Locator("main")).ToContainTextAsync("ICチップの書換えにはカードが必要です");

        // A malformed password is refused in words; the address typed stays, the password does not come back.
        await page.GetByLabel("新しい住所（市区町村内）").FillAsync("福島県郡山市堂前町１番１号");
        await page.GetByLabel("新しい署名用電子証明書の暗証番号（任意）").FillAsync("abc");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "住所変更を登録" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("入力に誤りがあります");
        await Expect(page.GetByLabel("新しい住所（市区町村内）")).ToHaveValueAsync("福島県郡山市堂前町１番１号");
        await Expect(page.GetByLabel("新しい署名用電子証明書の暗証番号（任意）")).ToHaveValueAsync("");

        for (var entry = 1; entry <= CardRecord.EndorsementCapacity; entry++)
        {
            await page.GotoAsync(Procedure(residentId, "Address"));
            await page.GetByLabel("新しい住所（市区町村内）").FillAsync($"福島県郡山市堂前町{entry}番{entry}号");
            if (entry == 1)
                await page.GetByLabel("新しい署名用電子証明書の暗証番号（任意）").FillAsync("NEWPASS1");
            await page.GetByRole(AriaRole.Button, new() { Name = "住所変更を登録" }).ClickAsync();
            await ExpectDoneAsync(page, residentId, $"追記欄 {entry}/4");
            if (entry == 2)
            {
                await page.GotoAsync(Procedure(residentId, "Address"));
                await Expect(page.Locator("ol.endorsements li.written")).ToHaveCountAsync(2);
                await Pages.ScreenshotAsync(page, "window-address-change");
            }
        }
        var card = await CardAsync(cardId);
        Assert.Equal(4, card.Endorsements.Count);
        Assert.Contains("堂前町４番４号", card.Endorsements[3].Text, StringComparison.Ordinal);

        // Full: the page says so before the change, and the change says the free reissue (M2).
        await page.GotoAsync(Procedure(residentId, "Address"));
        await Expect(page.Locator("#endorsement-full")).ToContainTextAsync("M2");
        await page.GetByLabel("新しい住所（市区町村内）").FillAsync("福島県郡山市堂前町５番５号");
        await page.GetByRole(AriaRole.Button, new() { Name = "住所変更を登録" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "無料で再交付します。（M2）");
        card = await CardAsync(cardId);
        Assert.Equal(4, card.Endorsements.Count);
        Assert.Null(card.SignatureCertificate); // M1: the old details' certificate is revoked even then.
        Assert.Equal("福島県郡山市堂前町５番５号", (await Window.GetResidentFileAsync(residentId))!.Resident.Address);
    }

    [Fact]
    public async Task NameChange_ShowsTheFormerSurname_AndAResidenceStatusMovesTheCardExpiry_M1_M3_V4()
    {
        var today = Window.Today;
        var periodEnds = today.AddYears(1);
        var (residentId, cardId) = await SeedAsync("JOHN", "ジョン", new ResidentRegistration(
            Koriyama, "SMITH", "JOHN", "スミス", "ジョン", new DateOnly(1990, 6, 15), Sex.Male, "福島県郡山市朝日一丁目２３番７号",
            Nationality: "英国", ForeignResidence: ForeignResidence.MidToLongTerm(periodEnds)));
        Assert.Equal(periodEnds, (await CardAsync(cardId)).ExpiresOn); // V3

        var page = await WindowStaffAsync();
        await page.GotoAsync(Procedure(residentId, "Name"));
        await Pages.AssertAccessibleAsync(page);
        // The record keeps alphabet names full-width, as the register writes them; typed half-width, kept full-width.
        await Expect(page.GetByLabel("氏", new() { Exact = true })).ToHaveValueAsync("ＳＭＩＴＨ");
        await page.GetByLabel("氏", new() { Exact = true }).FillAsync("YAMADA");
        await page.GetByLabel("氏（カナ）").FillAsync("ヤマダ");
        await page.GetByLabel("旧氏（併記する場合）").FillAsync("SMITH");
        await page.GetByRole(AriaRole.Button, new() { Name = "氏名変更を登録" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "ＹＡＭＡＤＡ［ＳＭＩＴＨ］");
        var file = (await Window.GetResidentFileAsync(residentId))!;
        Assert.Equal("ＳＭＩＴＨ", file.Resident.Name.FormerSurname);
        Assert.Contains("氏名変更 ＹＡＭＡＤＡ［ＳＭＩＴＨ］", Assert.Single(file.Cards[0].Endorsements).Text, StringComparison.Ordinal);

        // The banner shows the former surname; the V4 page shows the expiry before, the done message before → after.
        await page.GotoAsync(Procedure(residentId, "ResidenceStatus"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator(".resident-banner")).ToContainTextAsync("旧氏: ＳＭＩＴＨ");
        await Expect(page.Locator("#card-expiry")).ToContainTextAsync(Iso(periodEnds));
        var extended = today.AddYears(3);
        await page.GetByLabel("日付（在留期間の満了日など）").FillAsync(Iso(extended));
        await page.GetByRole(AriaRole.Button, new() { Name = "変更を登録" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, $"{Iso(periodEnds)}");
        await Expect(page.Locator(".done")).ToContainTextAsync($"→ {Iso(extended)}");
        Assert.Equal(extended, (await CardAsync(cardId)).ExpiresOn);
    }

    [Fact]
    public async Task Suspension_ByTheCallCentre_IsLiftedAtTheWindow_WithNewCertificates_L1_L2()
    {
        var (residentId, cardId) = await SeedAsync("次郎", "ジロウ");
        Assert.True((await Window.SuspendCardAsync(cardId, AuditActor.CallCentre)).Succeeded); // L1

        var page = await WindowStaffAsync();
        await page.GotoAsync(Procedure(residentId, "Lift"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#card-state")).ToContainTextAsync("一時停止中");
        await Pages.ScreenshotAsync(page, "window-lift");
        await page.GetByLabel("署名用電子証明書の暗証番号（6〜16桁の英数字）").FillAsync("LIFTED12");
        await page.GetByLabel("利用者証明用電子証明書の暗証番号（4桁）").FillAsync("4444");
        await page.GetByRole(AriaRole.Button, new() { Name = "一時停止を解除" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "一時停止を解除しました（L2）");
        var card = await CardAsync(cardId);
        Assert.Equal(CardState.Active, card.State);
        Assert.NotNull(card.SignatureCertificate);
        Assert.NotNull(card.AuthenticationCertificate);

        // Nothing left to lift: refused in words naming L2, status 409.
        await page.GotoAsync(Procedure(residentId, "Lift"));
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "一時停止を解除" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("規則 L2 により");
    }

    [Fact]
    public async Task CertificatesLoadedLater_ThenAPinReset_ThenTheReturn_E5_P3()
    {
        var (residentId, cardId) = await SeedAsync("三郎", "サブロウ", signature: false);
        var page = await WindowStaffAsync();

        await page.GotoAsync(Procedure(residentId, "LoadCertificates"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#signature-p4")).ToContainTextAsync("署名用電子証明書を搭載できます");
        await page.GetByLabel("署名用電子証明書の暗証番号（6〜16桁の英数字）").FillAsync("LATER123");
        await page.GetByRole(AriaRole.Button, new() { Name = "電子証明書を搭載" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "電子証明書を搭載しました（E5）");
        Assert.NotNull((await CardAsync(cardId)).SignatureCertificate);

        await page.GotoAsync(Procedure(residentId, "ResetPin"));
        await Pages.AssertAccessibleAsync(page);
        await page.GetByLabel("再設定する暗証番号").SelectOptionAsync(nameof(PinKind.Signature));
        await page.GetByLabel("新しい暗証番号", new() { Exact = true }).FillAsync("RESET123");
        await page.GetByLabel("新しい暗証番号（確認）").FillAsync("RESET124");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "暗証番号を再設定" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("一致しません");
        await Expect(page.GetByLabel("再設定する暗証番号")).ToHaveValueAsync(nameof(PinKind.Signature));
        await page.GetByLabel("新しい暗証番号", new() { Exact = true }).FillAsync("RESET123");
        await page.GetByLabel("新しい暗証番号（確認）").FillAsync("RESET123");
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号を再設定" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "再設定しました（P3）");
        var audit = await fixture.Server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("card", cardId.ToString("N")));
        Assert.Contains(audit, e => e.Action == "pin.reset" && e.Details.Contains("signature certificate password", StringComparison.Ordinal));

        await page.GotoAsync(Procedure(residentId, "Return"));
        await Pages.AssertAccessibleAsync(page);
        await page.GetByLabel("返納の理由").SelectOptionAsync(nameof(CardReturnReason.EmigrationAbroad));
        await page.GetByRole(AriaRole.Button, new() { Name = "返納を受け付ける" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "カードの返納を受け付けました（国外転出）");
        Assert.Equal(CardState.Returned, (await CardAsync(cardId)).State);
        audit = await fixture.Server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("card", cardId.ToString("N")));
        Assert.Contains(audit, e => e.Action == "card.returned" && e.Details.Contains("EmigrationAbroad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoveOut_ThenAMoveInMoreThan14DaysAfterTheMove_ShowsTheCardLapsedOnItsDate_V5()
    {
        var (residentId, cardId) = await SeedAsync("四郎", "シロウ");
        var day0 = Window.Today;
        var page = await WindowStaffAsync();

        await page.GotoAsync(Procedure(residentId, "MoveOut"));
        await Pages.AssertAccessibleAsync(page);
        await page.GetByLabel("転出予定日").FillAsync(Iso(day0.AddDays(2)));
        await page.GetByLabel("転出先の住所").FillAsync("東京都千代田区千代田１－１");
        await page.GetByRole(AriaRole.Button, new() { Name = "転出届を受け付ける" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, $"転出予定日 {Iso(day0.AddDays(2))}");

        // Moved on day 2: the last day for the move-in notice is day 16; filed on day 20, the card lapsed on day 17.
        await fixture.Clock.MoveToAsync(day0.AddDays(20), AuditActor.System);
        await page.GotoAsync(Procedure(residentId, "MoveIn"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#pending-move")).ToContainTextAsync("東京都千代田区千代田１－１");
        await page.GetByLabel("転入先の市区町村").SelectOptionAsync("131016");
        await page.GetByLabel("転入した日").FillAsync(Iso(day0.AddDays(2)));
        await page.GetByLabel("新しい住所").FillAsync("東京都千代田区千代田１－１");
        await page.GetByRole(AriaRole.Button, new() { Name = "転入届を受け付ける" }).ClickAsync();
        var lapsed = page.Locator("#card-lapsed[role=alert]");
        await Expect(lapsed).ToContainTextAsync("規則 V5 により");
        await Expect(lapsed).ToContainTextAsync($"カードは{Pages.JapaneseDate(day0.AddDays(17))}に失効しました");
        await Expect(lapsed).ToContainTextAsync($"転入をした日（{Pages.JapaneseDate(day0.AddDays(2))}）から14日以内");
        await Expect(lapsed).ToContainTextAsync("（V5）");
        await Expect(page.Locator("#card-state")).ToContainTextAsync("失効");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "window-move-in-refused");
        var card = await CardAsync(cardId);
        Assert.Equal(CardState.Lapsed, card.State);
        Assert.Equal(day0.AddDays(17), card.StateChangedOn);

        // The card came along with the notice, so there is no continuation left to do: refused, naming V5.
        await page.GotoAsync(Procedure(residentId, "Continuation"));
        await Pages.AssertAccessibleAsync(page);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "継続利用を記録" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("規則 V5 により");
    }

    [Fact]
    public async Task MoveInWithoutTheCard_ThenTheContinuationWithin90Days_KeepsTheCard_V5()
    {
        var (residentId, cardId) = await SeedAsync("五郎", "ゴロウ");
        var day0 = Window.Today;
        Assert.True((await Window.NoteMoveOutAsync(residentId, day0, "東京都千代田区千代田２－２", Seeder)).Succeeded);

        var page = await WindowStaffAsync();
        await page.GotoAsync(Procedure(residentId, "MoveIn"));
        await page.GetByLabel("転入先の市区町村").SelectOptionAsync("131016");
        await page.GetByLabel("転入した日").FillAsync(Iso(day0));
        await page.GetByLabel("新しい住所").FillAsync("東京都千代田区千代田２－２");
        await page.GetByLabel("カードを持参している（継続利用を記録）").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "転入届を受け付ける" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, $"継続利用の手続は{Pages.JapaneseDate(day0.AddDays(90))}まで");

        await fixture.Clock.MoveToAsync(day0.AddDays(60), AuditActor.System);
        await page.GotoAsync(Procedure(residentId, "Continuation"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#open-move")).ToContainTextAsync(Iso(day0.AddDays(90)));
        await page.GetByRole(AriaRole.Button, new() { Name = "継続利用を記録" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "カードの継続利用を記録しました（V5）");
        var file = (await Window.GetResidentFileAsync(residentId))!;
        Assert.Equal(day0.AddDays(60), file.Moves[0].ContinuedOn);
        Assert.Equal(CardState.Active, (await CardAsync(cardId)).State);
    }

    [Fact]
    public async Task FeeLedger_ShowsTheReissueFeeOfTheDay_L3()
    {
        var (residentId, _) = await SeedAsync("六子", "ロクコ");
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(residentId, Occasion: CardIssueOccasion.ReissueAfterLossOrDamage), Seeder)).Value;
        Assert.True((await Window.DeliverCardAsync(application.Id, new DeliveryPins("ABC123", "1111", "2222", "3333"), Seeder)).Succeeded);

        var page = await WindowStaffAsync();
        await page.GotoAsync($"/Window/Fees?date={Iso(Window.Today)}");
        await Pages.AssertAccessibleAsync(page);
        var row = page.Locator("#fees tbody tr", new() { HasText = "番号\u3000六子" });
        await Expect(row).ToContainTextAsync("1,000");
        await Expect(row).ToContainTextAsync("L3");
        await page.GotoAsync($"/Window/Fees?date={Iso(Window.Today.AddDays(-1))}");
        await Expect(page.Locator("#fees tbody tr", new() { HasText = "番号\u3000六子" })).ToHaveCountAsync(0);
    }

    /// <summary>A resident of Koriyama with a card delivered today (apply + deliver at the window).</summary>
    private async Task<(Guid Resident, Guid Card)> SeedAsync(
        string givenName, string givenKana, ResidentRegistration? registration = null, bool signature = true)
    {
        var resident = (await Window.RegisterResidentAsync(registration ?? new ResidentRegistration(
            Koriyama, "番号", givenName, "バンゴウ", givenKana, new DateOnly(1990, 4, 1), Sex.Female, "福島県郡山市朝日一丁目２３番７号"), Seeder)).Value;
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id, WantsSignatureCertificate: signature), Seeder)).Value;
        var card = (await Window.DeliverCardAsync(application.Id, new DeliveryPins(signature ? "ABC123" : null, "1111", "2222", "3333"), Seeder)).Value;
        return (resident.Id, card.Id);
    }

    private async Task<IPage> WindowStaffAsync()
    {
        var page = await chromium.NewPageAsync(fixture.Server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        return page;
    }

    private async Task<CardRecord> CardAsync(Guid cardId) => (await Window.GetCardAsync(cardId))!;

    private static string Procedure(Guid residentId, string name) => $"/Window/Residents/{residentId}/{name}";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A procedure done goes back to the resident file with its message. The resident file is part A's page: where
    /// it is not in the build yet (404), the message waits in TempData and the next page shows it.
    /// </summary>
    private static async Task ExpectDoneAsync(IPage page, Guid residentId, string text)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{residentId}$"));
        await page.WaitForLoadStateAsync();
        if (await page.Locator(".done").CountAsync() == 0)
            await page.GotoAsync(Procedure(residentId, "Address"));
        await Expect(page.Locator(".done[role=status]")).ToContainTextAsync(text);
    }
}
