using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Myna.Insurance;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The insurer's pages in a real browser (U1.1): insurer staff sign in, find a person by name and date of birth, enrol
/// them (a wrong branch refused in words, nothing recorded), and the person's card — registered for insurance use —
/// then confirms the enrolment at the clinic's reception; the loss of the enrolment is recorded on its day of loss.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class InsurerPagesTests(Chromium chromium) : IAsyncLifetime
{
    /// <summary>Thursday 2026-06-11, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new(2026, 6, 11, 10, 0, 0, TimeSpan.FromHours(9));

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(Today), realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Insurer_EnrolsAPersonFoundByNameAndBirthDate_WhoseCardThenChecksEligible_U1_1()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "高橋", "健", "タカハシ", "ケン", new DateOnly(2000, 7, 7),
            "福島県郡山市富田町字上ノ台１番");
        await ClinicSeed.RegisterForInsuranceUseAsync(_server, resident, card);
        var insurer = await ClinicSeed.InsurerAsync(_server, "01070010", "全国健康保険協会福島支部", InsuranceScheme.KyokaiKenpo);

        // Insurer staff land on the insurers' list.
        var staff = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(staff, "insurer", "insurer-sandbox");
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("保険者");
        await Expect(staff.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link)).ToHaveTextAsync(["保険者", "ヘルプ"]);
        Assert.Equal(403, (await staff.APIRequest.GetAsync("/Window")).Status);
        await Pages.AssertAccessibleAsync(staff);
        await staff.GetByRole(AriaRole.Link, new() { Name = "全国健康保険協会福島支部" }).ClickAsync();
        await Expect(staff.Locator("#insurer-number")).ToHaveTextAsync("01070010");

        // Found by name and date of birth (never by My Number), then the enrolment form.
        await staff.GetByLabel("氏名（一部）").FillAsync("高橋");
        await staff.GetByLabel("生年月日").FillAsync("2000-07-07");
        await staff.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        Assert.DoesNotContain(resident.MyNumber.Reveal(), staff.Url, StringComparison.Ordinal);
        await Expect(staff.Locator("#search-results")).ToContainTextAsync("高橋");
        await Pages.AssertAccessibleAsync(staff);
        await staff.GetByRole(AriaRole.Link, new() { Name = "この人の資格を記録する" }).ClickAsync();
        await Expect(staff.Locator("#person")).ToContainTextAsync("高橋");
        await staff.GetByLabel("記号").FillAsync("7010009");
        await staff.GetByLabel("番号", new() { Exact = true }).FillAsync("42");
        await staff.GetByLabel("枝番（2桁）").FillAsync("1");
        await staff.GetByLabel("所得区分").SelectOptionAsync(new SelectOptionValue { Label = "現役並みⅠ" });
        await staff.GetByRole(AriaRole.Button, new() { Name = "資格を記録する" }).ClickAsync();
        await Expect(staff.Locator(".refusal")).ToContainTextAsync("枝番は2桁の数字");
        await Pages.AssertAccessibleAsync(staff);
        await Pages.ScreenshotAsync(staff, "insurer-enrol-refused");
        Assert.Empty(await _server.Services.GetRequiredService<Myna.Window.InsuranceOffice>().EnrolmentsWithAsync(insurer.Id));

        await staff.GetByLabel("枝番（2桁）").FillAsync("00");
        await staff.GetByRole(AriaRole.Button, new() { Name = "資格を記録する" }).ClickAsync();
        await Expect(staff.Locator(".done")).ToContainTextAsync("高橋　健さんの資格（2026-06-11 (木)から）を記録しました");
        var row = staff.Locator("#enrolments tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".holder-name")).ToHaveTextAsync("高橋　健");
        await Expect(row.Locator(".covers-today")).ToHaveTextAsync("資格あり");
        await Pages.AssertAccessibleAsync(staff);
        await Pages.ScreenshotAsync(staff, "insurer-enrolments");

        // The card now confirms the enrolment at the clinic's reception.
        var reception = await chromium.NewPageAsync(_server.BaseAddress);
        await reception.GotoAsync("/clinic/reception");
        await reception.GetByRole(AriaRole.Button, new() { Name = "受付を始める" }).ClickAsync();
        await reception.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await reception.GetByRole(AriaRole.Button, new() { Name = "暗証番号" }).ClickAsync();
        await reception.GetByLabel("暗証番号（数字4桁）").FillAsync("1234");
        await reception.GetByRole(AriaRole.Group, new() { Name = "テンキー" }).GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        await reception.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await reception.GetByRole(AriaRole.Button, new() { Name = "同意しない" }).ClickAsync();
        await Expect(reception.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("資格を確認しました");
        await Expect(reception.Locator("#insurer-number")).ToHaveTextAsync("01070010");
        await Expect(reception.Locator("#symbol-number")).ToContainTextAsync("7010009・42（00）");
        await Expect(reception.Locator("#copayment")).ToContainTextAsync("3割");
        // No consent to the ceiling: the category is not shown (U1.6).
        await Expect(reception.Locator("#ceiling-category")).ToContainTextAsync("提供に同意されていません");

        // The loss recorded on its day of loss: before the first day refused, tomorrow accepted and audited.
        await staff.GetByLabel("資格喪失日").FillAsync("2026-06-11");
        await staff.GetByRole(AriaRole.Button, new() { Name = "資格喪失を記録" }).ClickAsync();
        await Expect(staff.Locator(".refusal")).ToBeVisibleAsync();
        await staff.GetByLabel("資格喪失日").FillAsync("2026-06-12");
        await staff.GetByRole(AriaRole.Button, new() { Name = "資格喪失を記録" }).ClickAsync();
        await Expect(staff.Locator(".done")).ToContainTextAsync("資格喪失（資格喪失日 2026-06-12 (金)）を記録しました");
        await Expect(row.Locator(".loss-day")).ToContainTextAsync("2026-06-12");
        var trail = await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("resident", resident.Id.ToString("N")));
        Assert.Contains(trail, e => e.Action == "insurance.enrolment-ended" && e.Actor == AuditActor.Staff("insurer").Name);
        Assert.Contains(trail, e => e.Action == "insurance.enrolled" && e.Actor == AuditActor.Staff("insurer").Name);
        // Found by the search, and shown with the enrolment: look-ups recorded under the resident.
        Assert.Contains(trail, e => e.Action == "resident.found" && e.Actor == AuditActor.Staff("insurer").Name);
        Assert.Contains(trail, e => e.Action == "resident.records-viewed" && e.Actor == AuditActor.Staff("insurer").Name);
        await staff.Context.CloseAsync();
        await reception.Context.CloseAsync();
    }
}
