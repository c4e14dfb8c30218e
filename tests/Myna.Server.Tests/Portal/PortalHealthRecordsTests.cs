using System.Globalization;
using System.Net;
using System.Text;
using Myna.Server.Tests.Eligibility;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// The holder's health records in the portal (U1.4, U1.5): the claims of the clinic's and the pharmacy's visits as
/// medication and medical expenses by year on わたしの情報 and in its API, and a year's expenses as the tax agency's
/// medical-expense form, behind the holder's session.
/// </summary>
public sealed class PortalHealthRecordsTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>, IDisposable
{
    private readonly WindowApi _api = new(fixture);
    private readonly PatientVisits _visits = new(fixture);

    public void Dispose() => _visits.Dispose();

    [Fact]
    public async Task TheHolderSeesTheMedicationAndTheYearsExpenses_AndDownloadsTheYearForTheTaxReturn_U1_5()
    {
        await _api.SetDateAsync(new DateOnly(2026, 12, 14));
        var (_, card) = await _visits.PatientAsync();
        await _visits.TreatAsync(card, new DateOnly(2026, 12, 14));
        await _visits.DispenseAsync(card, new DateOnly(2026, 12, 14));
        await _api.SetDateAsync(new DateOnly(2027, 1, 6));
        await _visits.TreatAsync(card, new DateOnly(2027, 1, 6));

        using var holder = await PortalHolder.LogInAsync(fixture.Server, card, language: null);
        var records = await JsonAsync(await holder.Browser.GetAsync("/portal/api/me/medical-records"), HttpStatusCode.OK);
        Assert.Equal("アムロジピン錠", records.GetProperty("medication")[0].GetProperty("drugs")[0].GetProperty("name").GetString());
        var years = records.GetProperty("expenses").EnumerateArray().Select(y => (y.GetProperty("year").GetInt32(), y.GetProperty("paidYen").GetInt32())).ToList();
        Assert.Equal([(2027, 1_340), (2026, 1_340 + 710)], years);

        // The year's form: UTF-8 with its byte-order mark, the tax agency's columns, one row a payment of that year.
        using var download = await holder.Browser.GetAsync("/portal/api/me/medical-expenses.csv?year=2026");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("medical-expenses-2026.csv", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("医療を受けた人,病院・薬局などの支払先の名称,医療費の区分,支払った医療費の額,左のうち生命保険や社会保険などで補填される金額,支払年月日", lines[0]);
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("番号　花子", "2026/12/14"), (r[0], r[5])));
        Assert.Equal(["あさひ内科クリニック|診療・治療", "さくら薬局 郡山駅前店|医薬品購入"], rows.Select(r => $"{r[1]}|{r[2]}"));
        Assert.Equal(1_340 + 710, rows.Sum(r => int.Parse(r[3], CultureInfo.InvariantCulture)));

        // No year, or not the holder's session: nothing.
        await Problems.ReadAsync(await holder.Browser.GetAsync("/portal/api/me/medical-expenses.csv"), HttpStatusCode.BadRequest);
        using (var anyone = fixture.Server.CreateClient())
            Assert.NotEqual(HttpStatusCode.OK, (await anyone.GetAsync("/portal/api/me/medical-expenses.csv?year=2026")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await fixture.Window.GetAsync("/portal/api/me/medical-expenses.csv?year=2026")).StatusCode);

        // The page: the medication, the treatments, the year's sum and its download; the showing is in the holder's history.
        var page = await holder.Browser.GetStringAsync("/portal/home");
        Assert.Contains("アムロジピン錠", page, StringComparison.Ordinal);
        Assert.Contains("本態性高血圧症", page, StringComparison.Ordinal);
        Assert.Contains("data-year=\"2026\" data-paid=\"2050\"", page, StringComparison.Ordinal);
        Assert.Contains("2,050円", page, StringComparison.Ordinal);
        Assert.Contains("/portal/api/me/medical-expenses.csv?year=2026", page, StringComparison.Ordinal);
        using (var english = await PortalHolder.LogInAsync(fixture.Server, card, language: "en"))
        {
            var inEnglish = await english.Browser.GetStringAsync("/portal/home");
            Assert.Contains("Paid in all: 2,050 yen", inEnglish, StringComparison.Ordinal);
            Assert.Contains("Download the file for the deduction (CSV)", inEnglish, StringComparison.Ordinal);
            Assert.DoesNotContain("支払った額", inEnglish, StringComparison.Ordinal);
        }
        var history = await holder.Browser.GetStringAsync("/portal/history");
        Assert.Contains("医療費通知情報（2026年分、医療費控除の集計フォーム）", history, StringComparison.Ordinal);
        Assert.Contains("薬剤情報、診療情報、医療費通知情報", history, StringComparison.Ordinal);
    }
}
