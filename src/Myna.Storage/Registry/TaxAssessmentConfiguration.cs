using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Residents;
using Myna.Registry.Taxes;
using Myna.Storage.Concurrency;

namespace Myna.Storage.Registry;

internal sealed class TaxAssessmentConfiguration : IEntityTypeConfiguration<TaxAssessment>
{
    public void Configure(EntityTypeBuilder<TaxAssessment> builder)
    {
        builder.ToTable("tax_assessments");
        builder.HasKey(t => t.Id);
        builder.HasRowVersion();
        builder.HasOne<Resident>().WithMany().HasForeignKey(t => t.ResidentId).OnDelete(DeleteBehavior.Restrict);
        // One assessment per resident and fiscal year: a correction replaces it.
        builder.HasIndex(t => new { t.ResidentId, t.FiscalYear }).IsUnique();
        builder.Ignore(t => t.IncomeYear);
        builder.ComplexProperty(t => t.Figures, figures =>
        {
            figures.Property(f => f.SalaryRevenue).HasColumnName("salary_revenue");
            figures.Property(f => f.SalaryIncome).HasColumnName("salary_income");
            figures.Property(f => f.OtherIncome).HasColumnName("other_income");
            figures.Property(f => f.DeductionsTotal).HasColumnName("deductions_total");
            figures.Property(f => f.TaxableIncome).HasColumnName("taxable_income");
            figures.Property(f => f.MunicipalPerCapita).HasColumnName("municipal_per_capita");
            figures.Property(f => f.MunicipalIncomeLevy).HasColumnName("municipal_income_levy");
            figures.Property(f => f.PrefecturalPerCapita).HasColumnName("prefectural_per_capita");
            figures.Property(f => f.PrefecturalIncomeLevy).HasColumnName("prefectural_income_levy");
        });
    }
}
