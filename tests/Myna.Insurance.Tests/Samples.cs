using Myna.Registry.Municipalities;

namespace Myna.Insurance.Tests;

/// <summary>Insurers and enrolments the tests share.</summary>
internal static class Samples
{
    public static Insurer Kyokai() => new(Guid.NewGuid(), InsurerNumber.Parse("01070010").Value, "全国健康保険協会福島支部", InsuranceScheme.KyokaiKenpo);

    public static Insurer Society() => new(Guid.NewGuid(), InsurerNumber.Parse("06070122").Value, "郡山電機健康保険組合", InsuranceScheme.HealthInsuranceSociety);

    public static Insurer Nhi() => new(Guid.NewGuid(), InsurerNumber.Parse("070037").Value, "郡山市国民健康保険", InsuranceScheme.NationalHealthInsurance,
        LocalGovernmentCode.Parse("07203").Value);

    public static Insurer LateStage() => new(Guid.NewGuid(), InsurerNumber.Parse("39072038").Value, "福島県後期高齢者医療広域連合", InsuranceScheme.LateStageElderly);

    public static readonly EnrolmentCard Card = EnrolmentCard.Create("1234", "567", "00")!;

    public static Enrolment Insured(Insurer insurer, Guid holder, DateOnly from, IncomeClass income = IncomeClass.WorkingAge1, params Enrolment[] existing) =>
        Enrolment.Enrol(Guid.NewGuid(), insurer, holder, Card, EnrolmentRole.Insured, null, from, income, existing);
}
