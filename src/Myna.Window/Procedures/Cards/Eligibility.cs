using Myna.Pki;
using Myna.Registry.Rules;

namespace Myna.Window.Procedures.Cards;

/// <summary>P4 for the certificates asked for, as a refusal.</summary>
internal static class Eligibility
{
    public static Refusal? Refusal(bool signature, bool authentication, HolderFacts holder, DateOnly on, bool byLegalRepresentative)
    {
        if (signature && CertificateEligibilityRule.MayLoad(JpkiHierarchy.Signature, holder, on) is { IsAllowed: false } s)
            return Window.Refusal.Of(s);
        if (authentication && CertificateEligibilityRule.MayLoad(JpkiHierarchy.UserAuthentication, holder, on, byLegalRepresentative) is { IsAllowed: false } a)
            return Window.Refusal.Of(a);
        return null;
    }
}
