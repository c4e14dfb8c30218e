using Myna.Primitives.Text;
using Myna.Registry;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Insurance;

/// <summary>
/// An insurer (保険者): a health insurance society, the association's prefectural branch, a mutual aid association, a
/// municipality's national health insurance or a prefecture's late-stage union, known by its insurer number.
/// </summary>
/// <remarks>A national health insurer names its municipality; the others name none (late-stage unions are prefecture-wide).</remarks>
public sealed class Insurer
{
    /// <summary>The most characters of <see cref="Name"/>.</summary>
    public const int NameMaxLength = 100;

    /// <summary>For EF Core.</summary>
    private Insurer() => Name = null!;

    /// <summary>A new insurer.</summary>
    /// <exception cref="RuleViolationException">The number does not fit the scheme, or a municipality is named for a scheme that has none or missing for NHI (<see cref="RuleIds.State"/>).</exception>
    /// <exception cref="ArgumentException">No name, or one too long.</exception>
    public Insurer(Guid id, InsurerNumber number, string name, InsuranceScheme scheme, LocalGovernmentCode? municipality = null)
    {
        if (!Enum.IsDefined(scheme))
            throw new ArgumentException("Unknown scheme.", nameof(scheme));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        name = RecordText.Normalize(name);
        if (name.Length > NameMaxLength)
            throw new ArgumentException($"An insurer's name has at most {NameMaxLength} characters.", nameof(name));
        if (!number.Fits(scheme))
        {
            var words = InsuranceSchemes.NameOf(scheme);
            throw new RuleViolationException(RuleIds.State, new LocalizedText(
                $"保険者番号{number}は、{words.Japanese}の保険者番号ではありません。",
                $"insurer number {number} is not a number of a {words.English} insurer"));
        }
        if ((scheme == InsuranceScheme.NationalHealthInsurance) != municipality.HasValue)
        {
            throw new RuleViolationException(RuleIds.State, new LocalizedText(
                "市区町村を指定するのは国民健康保険の保険者だけです。国民健康保険の保険者には、運営する市区町村を指定してください。",
                "a municipality is named for a national health insurer, which needs one, and for no other insurer"));
        }
        Id = id;
        Number = number;
        Name = name;
        Scheme = scheme;
        Municipality = municipality;
    }

    public Guid Id { get; private set; }

    /// <summary>The insurer number (保険者番号), unique.</summary>
    public InsurerNumber Number { get; private set; }

    /// <summary>The name in Japanese (全国健康保険協会福島支部 …).</summary>
    public string Name { get; private set; }

    public InsuranceScheme Scheme { get; private set; }

    /// <summary>The municipality that runs it, for national health insurance; null otherwise.</summary>
    public LocalGovernmentCode? Municipality { get; private set; }

    public override string ToString() => $"Insurer {Number} {Scheme}";
}
