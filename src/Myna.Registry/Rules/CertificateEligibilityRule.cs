using Myna.Pki;
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
        var who = holder.IsUnder15On(on) ? "a holder under 15" : holder.IsAdultWard ? "an adult ward (成年被後見人)" : null;
        return (kind, who) switch
        {
            (_, null) => RuleDecision.Allow("P4", $"{Describe(kind)} may be loaded"),
            (JpkiHierarchy.Signature, _) => RuleDecision.Refuse("P4", $"no signature certificate is issued to {who}"),
            (JpkiHierarchy.UserAuthentication, _) when legalRepresentativeWantsIt => RuleDecision.Allow("P4",
                $"the user-authentication certificate of {who} is loaded because the legal representative decided so and sets its PIN"),
            (JpkiHierarchy.UserAuthentication, _) => RuleDecision.Refuse("P4",
                $"the user-authentication certificate of {who} is loaded only if the legal representative decides so"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown certificate kind."),
        };
    }

    private static string Describe(JpkiHierarchy kind) => kind switch
    {
        JpkiHierarchy.Signature => "the signature certificate",
        _ => "the user-authentication certificate",
    };
}
