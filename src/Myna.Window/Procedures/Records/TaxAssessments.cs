using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Registry.Taxes;

namespace Myna.Window.Procedures.Records;

/// <summary>
/// Records a resident's income and tax assessment (所得・課税) of one fiscal year as the tax office gives it, or
/// corrects it (更正): a second record of the same year replaces the figures and counts a revision. The amounts are
/// never written into the audit trail.
/// </summary>
internal static class RecordTaxAssessment
{
    public const string RecordedAction = "tax.recorded";

    public const string CorrectedAction = "tax.corrected";

    public static async Task<WindowOutcome<TaxAssessment>> RunAsync(WindowWork work, Guid residentId, int fiscalYear, TaxAssessmentForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (fiscalYear is < TaxAssessment.FirstFiscalYear or > TaxAssessment.LastFiscalYear)
            return Refusals.BadFiscalYear;
        if (FiguresOf(form) is not { } figures)
            return Refusals.BadTaxFigures;
        if (form.ReleasedOn < new DateOnly(fiscalYear, 1, 1))
            return Refusals.ReleaseBeforeFiscalYear;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;

        var year = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{fiscalYear}");
        var existing = await work.Db.Set<TaxAssessment>()
            .SingleOrDefaultAsync(t => t.ResidentId == resident.Id && t.FiscalYear == fiscalYear, work.Cancellation);
        if (existing is null)
        {
            var assessment = new TaxAssessment(Guid.NewGuid(), resident.Id, fiscalYear, figures, form.ReleasedOn, work.Today);
            work.Db.Add(assessment);
            work.Audit(RecordedAction, Checks.ResidentSubject(resident.Id), new LocalizedText(
                $"{year}年度の所得・課税の記録を登録しました。", $"income and tax assessment of fiscal {year} recorded"));
            return WindowOutcome<TaxAssessment>.Success(assessment);
        }
        if (existing.Correct(figures, form.ReleasedOn, work.Today))
        {
            work.Audit(CorrectedAction, Checks.ResidentSubject(resident.Id), new LocalizedText(
                $"{year}年度の所得・課税の記録を更正しました。", $"income and tax assessment of fiscal {year} corrected"));
        }
        return WindowOutcome<TaxAssessment>.Success(existing);
    }

    private static TaxFigures? FiguresOf(TaxAssessmentForm f) => TaxFigures.TryCreate(
        f.SalaryRevenue, f.SalaryIncome, f.OtherIncome, f.DeductionsTotal, f.TaxableIncome,
        f.MunicipalPerCapita, f.MunicipalIncomeLevy, f.PrefecturalPerCapita, f.PrefecturalIncomeLevy);
}
