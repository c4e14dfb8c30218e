using Myna.Pki;
using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>P4 (and the V2 table's "none"): which e-certificates may be loaded on a holder's card.</summary>
/// <remarks>
/// No signature certificate for an under-15 or an adult ward (成年被後見人): they cannot make the legal
/// acts a signature stands for. Their user-authentication certificate is loaded only if the legal
/// representative decides so, and the representative then sets its PIN. Everyone else may have both
/// (each one still optional, E5).
/// </remarks>
public static class CertificateEligibilityRule
{
    /// <summary>Whether <paramref name="kind"/> may be loaded for <paramref name="holder"/> on <paramref name="on"/>.</summary>
    /// <param name="kind">The certificate.</param>
    /// <param name="holder">The holder's age and capacity.</param>
    /// <param name="on">The day of loading (age counts on that day).</param>
    /// <param name="legalRepresentativeWantsIt">For an under-15 or adult ward: whether the legal representative decided to load it.</param>
    public static RuleDecision MayLoad(JpkiHierarchy kind, HolderFacts holder, DateOnly on, bool legalRepresentativeWantsIt = false)
    {
        ArgumentNullException.ThrowIfNull(holder);
        LocalizedText? who = holder.IsUnder15On(on) ? new LocalizedText("15歳未満の方", "a holder under 15")
            : holder.IsAdultWard ? new LocalizedText("成年被後見人の方", "an adult ward (成年被後見人)")
            : null;
        return (kind, who) switch
        {
            (_, null) => RuleDecision.Allow(RuleIds.P4, new($"{Describe(kind).Japanese}を搭載できます。", $"{Describe(kind).English} may be loaded")),
            (JpkiHierarchy.Signature, { } w) => RuleDecision.Refuse(RuleIds.P4, new(
                $"{w.Japanese}には、署名用電子証明書を発行しません。",
                $"no signature certificate is issued to {w.English}")),
            (JpkiHierarchy.UserAuthentication, { } w) when legalRepresentativeWantsIt => RuleDecision.Allow(RuleIds.P4, new(
                $"{w.Japanese}の利用者証明用電子証明書は、法定代理人の判断で搭載します。暗証番号は法定代理人が設定します。",
                $"the user-authentication certificate of {w.English} is loaded because the legal representative decided so and sets its PIN")),
            (JpkiHierarchy.UserAuthentication, { } w) => RuleDecision.Refuse(RuleIds.P4, new(
                $"{w.Japanese}の利用者証明用電子証明書は、法定代理人が希望する場合に限り搭載します。",
                $"the user-authentication certificate of {w.English} is loaded only if the legal representative decides so")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown certificate kind."),
        };
    }

    private static LocalizedText Describe(JpkiHierarchy kind) => kind switch
    {
        JpkiHierarchy.Signature => new("署名用電子証明書", "the signature certificate"),
        _ => new("利用者証明用電子証明書", "the user-authentication certificate"),
    };
}
