namespace Myna.Registry.Taxes;

/// <summary>
/// A resident's income and municipal tax assessment for one fiscal year (所得・課税, 年度): what the income and tax
/// certificate (所得・課税証明書, U2.3 ④) shows, and the day from which it may be issued (U2.6 ⑤).
/// </summary>
/// <remarks>
/// One per resident and fiscal year. The resident tax (住民税) of fiscal year N is levied on the income of calendar
/// year N − 1 (<see cref="IncomeYear"/>). The tax office's figures are recorded as they are (Myna does not compute
/// tax); a correction replaces them all (<see cref="Correct"/>) and counts <see cref="Revision"/>.
/// </remarks>
public sealed class TaxAssessment
{
    /// <summary>The first fiscal year the registry accepts.</summary>
    public const int FirstFiscalYear = 2000;

    /// <summary>The last fiscal year the registry accepts.</summary>
    public const int LastFiscalYear = 2100;

    /// <summary>For EF Core.</summary>
    private TaxAssessment()
    {
        Figures = null!;
    }

    /// <exception cref="ArgumentOutOfRangeException">A fiscal year outside 2000–2100, or a release day before the fiscal year.</exception>
    public TaxAssessment(Guid id, Guid residentId, int fiscalYear, TaxFigures figures, DateOnly releasedOn, DateOnly recordedOn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fiscalYear, FirstFiscalYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fiscalYear, LastFiscalYear);
        Id = id;
        ResidentId = residentId;
        FiscalYear = fiscalYear;
        Figures = figures;
        Set(figures, releasedOn, recordedOn);
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    /// <summary>The fiscal year (年度) of the tax, April to March: 2026 is 令和8年度.</summary>
    public int FiscalYear { get; private set; }

    /// <summary>The calendar year whose income is taxed (所得年): the year before <see cref="FiscalYear"/>.</summary>
    public int IncomeYear => FiscalYear - 1;

    /// <summary>The income, deductions and levies, in yen.</summary>
    public TaxFigures Figures { get; private set; }

    /// <summary>
    /// The first day the certificate of this fiscal year may be issued (U2.6 ⑤: not before the set days after the
    /// filing have passed). Included: the certificate is issued on that day.
    /// </summary>
    public DateOnly ReleasedOn { get; private set; }

    /// <summary>The day the figures were recorded, or last corrected.</summary>
    public DateOnly RecordedOn { get; private set; }

    /// <summary>How many corrections replaced the first figures (0 for none).</summary>
    public int Revision { get; private set; }

    /// <summary>Whether the certificate may be issued on <paramref name="day"/> (U2.6 ⑤).</summary>
    public bool IsReleasedOn(DateOnly day) => day >= ReleasedOn;

    /// <summary>A correction (更正): the new figures and release day replace the old ones.</summary>
    /// <returns>Whether anything changed (a correction to the same figures is none).</returns>
    public bool Correct(TaxFigures figures, DateOnly releasedOn, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (figures == Figures && releasedOn == ReleasedOn)
            return false;
        Set(figures, releasedOn, on);
        Revision++;
        return true;
    }

    private void Set(TaxFigures figures, DateOnly releasedOn, DateOnly recordedOn)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (releasedOn < new DateOnly(FiscalYear, 1, 1))
            throw new ArgumentOutOfRangeException(nameof(releasedOn), "A fiscal year's certificate is released in that year or later.");
        Figures = figures;
        ReleasedOn = releasedOn;
        RecordedOn = recordedOn;
    }

    public override string ToString() => $"TaxAssessment {FiscalYear}";
}

/// <summary>
/// The figures of an income and tax certificate, in yen, each ≥ 0: the incomes by kind and in total (合計所得金額), the
/// deductions (所得控除), the taxable income (課税標準額), and the municipal and prefectural levies, per capita (均等割)
/// and on income (所得割).
/// </summary>
/// <remarks>A value: equal figures are equal records. The constructor keeps the sums that a certificate shows together.</remarks>
public sealed record TaxFigures
{
    /// <exception cref="ArgumentOutOfRangeException">A negative or too large amount, or sums that do not hold (see the properties).</exception>
    public TaxFigures(
        long salaryRevenue, long salaryIncome, long otherIncome, long deductionsTotal, long taxableIncome,
        long municipalPerCapita, long municipalIncomeLevy, long prefecturalPerCapita, long prefecturalIncomeLevy)
    {
        if (Fault(salaryRevenue, salaryIncome, otherIncome, deductionsTotal, taxableIncome,
                municipalPerCapita, municipalIncomeLevy, prefecturalPerCapita, prefecturalIncomeLevy) is { } fault)
            throw new ArgumentOutOfRangeException(fault.Parameter, fault.Message);
        SalaryRevenue = salaryRevenue;
        SalaryIncome = salaryIncome;
        OtherIncome = otherIncome;
        DeductionsTotal = deductionsTotal;
        TaxableIncome = taxableIncome;
        MunicipalPerCapita = municipalPerCapita;
        MunicipalIncomeLevy = municipalIncomeLevy;
        PrefecturalPerCapita = prefecturalPerCapita;
        PrefecturalIncomeLevy = prefecturalIncomeLevy;
    }

    /// <summary>The figures, or null when the constructor would refuse them (input typed at the window is a value, not an exception).</summary>
    public static TaxFigures? TryCreate(
        long salaryRevenue, long salaryIncome, long otherIncome, long deductionsTotal, long taxableIncome,
        long municipalPerCapita, long municipalIncomeLevy, long prefecturalPerCapita, long prefecturalIncomeLevy) =>
        Fault(salaryRevenue, salaryIncome, otherIncome, deductionsTotal, taxableIncome,
            municipalPerCapita, municipalIncomeLevy, prefecturalPerCapita, prefecturalIncomeLevy) is null
            ? new TaxFigures(salaryRevenue, salaryIncome, otherIncome, deductionsTotal, taxableIncome,
                municipalPerCapita, municipalIncomeLevy, prefecturalPerCapita, prefecturalIncomeLevy)
            : null;

    private static (string Parameter, string Message)? Fault(
        long salaryRevenue, long salaryIncome, long otherIncome, long deductionsTotal, long taxableIncome,
        long municipalPerCapita, long municipalIncomeLevy, long prefecturalPerCapita, long prefecturalIncomeLevy)
    {
        foreach (var (amount, name) in new[]
                 {
                     (salaryRevenue, nameof(salaryRevenue)), (salaryIncome, nameof(salaryIncome)), (otherIncome, nameof(otherIncome)),
                     (deductionsTotal, nameof(deductionsTotal)), (taxableIncome, nameof(taxableIncome)),
                     (municipalPerCapita, nameof(municipalPerCapita)), (municipalIncomeLevy, nameof(municipalIncomeLevy)),
                     (prefecturalPerCapita, nameof(prefecturalPerCapita)), (prefecturalIncomeLevy, nameof(prefecturalIncomeLevy)),
                 })
        {
            if (amount is < 0 or > MaxAmount)
                return (name, $"An amount lies between 0 and {MaxAmount} yen.");
        }
        if (salaryIncome > salaryRevenue)
            return (nameof(salaryIncome), "The salary income is the revenue less the employment deduction: never more.");
        if (taxableIncome > salaryIncome + otherIncome)
            return (nameof(taxableIncome), "The taxable income is never more than the total income.");
        return null;
    }

    /// <summary>The most yen of any one figure (a trillion): more is a typing error.</summary>
    public const long MaxAmount = 1_000_000_000_000;

    /// <summary>None of anything: a resident without income (非課税).</summary>
    public static TaxFigures None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Salary revenue (給与収入).</summary>
    public long SalaryRevenue { get; }

    /// <summary>Salary income (給与所得): the revenue less the employment income deduction; at most <see cref="SalaryRevenue"/>.</summary>
    public long SalaryIncome { get; }

    /// <summary>Every other income (その他の所得: business, pension, miscellaneous …), together.</summary>
    public long OtherIncome { get; }

    /// <summary>The total income (合計所得金額): <see cref="SalaryIncome"/> + <see cref="OtherIncome"/>.</summary>
    public long TotalIncome => SalaryIncome + OtherIncome;

    /// <summary>The income deductions together (所得控除額合計).</summary>
    public long DeductionsTotal { get; }

    /// <summary>The taxable income (課税標準額); at most <see cref="TotalIncome"/>.</summary>
    public long TaxableIncome { get; }

    /// <summary>The municipal per-capita levy (市民税均等割).</summary>
    public long MunicipalPerCapita { get; }

    /// <summary>The municipal income levy (市民税所得割).</summary>
    public long MunicipalIncomeLevy { get; }

    /// <summary>The prefectural per-capita levy (県民税均等割).</summary>
    public long PrefecturalPerCapita { get; }

    /// <summary>The prefectural income levy (県民税所得割).</summary>
    public long PrefecturalIncomeLevy { get; }

    /// <summary>The whole resident tax of the year (年税額): the four levies together.</summary>
    public long TotalLevy => MunicipalPerCapita + MunicipalIncomeLevy + PrefecturalPerCapita + PrefecturalIncomeLevy;
}
