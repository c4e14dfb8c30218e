using Myna.Primitives.Text;

namespace Myna.Insurance;

/// <summary>The public health-insurance schemes whose members the card serves as their insurance card (U1.1).</summary>
public enum InsuranceScheme
{
    /// <summary>A health insurance society (健康保険組合) of a company or an industry; 法別番号 06 (63: special retirees).</summary>
    HealthInsuranceSociety,

    /// <summary>The Japan Health Insurance Association (全国健康保険協会, 協会けんぽ); 法別番号 01 (02: seamen).</summary>
    KyokaiKenpo,

    /// <summary>A mutual aid association of public servants and teachers (共済組合); 法別番号 31–34.</summary>
    MutualAid,

    /// <summary>National health insurance (国民健康保険), run by a municipality; a six-digit insurer number.</summary>
    NationalHealthInsurance,

    /// <summary>Late-stage elderly medical care (後期高齢者医療), run by each prefecture's union (広域連合); 法別番号 39.</summary>
    LateStageElderly,
}

/// <summary>The schemes in words.</summary>
public static class InsuranceSchemes
{
    /// <summary>The scheme's name in both languages.</summary>
    public static LocalizedText NameOf(InsuranceScheme scheme) => scheme switch
    {
        InsuranceScheme.HealthInsuranceSociety => new("健康保険組合", "health insurance society"),
        InsuranceScheme.KyokaiKenpo => new("協会けんぽ", "Japan Health Insurance Association (Kyokai Kenpo)"),
        InsuranceScheme.MutualAid => new("共済組合", "mutual aid association"),
        InsuranceScheme.NationalHealthInsurance => new("国民健康保険", "national health insurance"),
        InsuranceScheme.LateStageElderly => new("後期高齢者医療", "late-stage elderly medical care"),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown scheme."),
    };

    /// <summary>Whether the scheme covers dependants (被扶養者): the employee schemes; NHI and late-stage insure everyone in their own right.</summary>
    public static bool HasDependants(InsuranceScheme scheme) =>
        scheme is InsuranceScheme.HealthInsuranceSociety or InsuranceScheme.KyokaiKenpo or InsuranceScheme.MutualAid;

    /// <summary>
    /// The 法別番号 (the first two digits of an eight-digit insurer number) each scheme's insurers use; empty for national
    /// health insurance, whose numbers have six digits and no 法別番号.
    /// </summary>
    public static IReadOnlyList<string> LawCodes(InsuranceScheme scheme) => scheme switch
    {
        InsuranceScheme.KyokaiKenpo => ["01", "02"],
        InsuranceScheme.HealthInsuranceSociety => ["06", "63"],
        InsuranceScheme.MutualAid => ["31", "32", "33", "34"],
        InsuranceScheme.LateStageElderly => ["39"],
        InsuranceScheme.NationalHealthInsurance => [],
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown scheme."),
    };
}
