namespace Myna.Registry.Rules;

/// <summary>Q6: who is applying for a holder's card.</summary>
public enum ApplicantRole
{
    /// <summary>The holder in person.</summary>
    Holder,

    /// <summary>The legal representative (法定代理人): a minor's parent, an adult ward's guardian.</summary>
    LegalRepresentative,

    /// <summary>A voluntary representative (任意代理人).</summary>
    VoluntaryRepresentative,
}

/// <summary>Q6: who may apply for a card (and, by the same rule, for its window procedures).</summary>
/// <remarks>
/// The holder applies from age 15; for an under-15 the legal representative does. A legal
/// representative may also act for a 15–17-year-old or an adult ward, whom they represent by law; an
/// adult who is no ward has none. A voluntary representative is accepted only when the mayor accepts
/// special reasons (病気, 身体の障害 …).
/// </remarks>
public static class ApplicantRule
{
    /// <summary>Whether <paramref name="role"/> may apply for <paramref name="holder"/>'s card on <paramref name="on"/>.</summary>
    public static RuleDecision MayApply(ApplicantRole role, HolderFacts holder, DateOnly on, bool mayorAcceptedSpecialReasons = false)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return role switch
        {
            ApplicantRole.Holder when holder.IsUnder15On(on) => RuleDecision.Refuse(RuleIds.Q6, new(
                "15歳未満の方は、本人では申請できません。法定代理人が申請します。",
                "a holder under 15 does not apply in person: the legal representative applies")),
            ApplicantRole.Holder => RuleDecision.Allow(RuleIds.Q6, new(
                "15歳以上の方なので、本人が申請できます。",
                "the holder, 15 or over, applies in person")),
            ApplicantRole.LegalRepresentative when holder.HasLegalRepresentativeOn(on) => RuleDecision.Allow(RuleIds.Q6, new(
                "法定代理人が本人に代わって申請できます。",
                "the legal representative applies for the holder")),
            ApplicantRole.LegalRepresentative => RuleDecision.Refuse(RuleIds.Q6, new(
                "成年被後見人ではない成年の方には法定代理人がいないため、本人が申請します。",
                "an adult holder who is no adult ward has no legal representative and applies in person")),
            ApplicantRole.VoluntaryRepresentative when mayorAcceptedSpecialReasons => RuleDecision.Allow(RuleIds.Q6, new(
                "市区町村長が特別な理由を認めたため、任意代理人が申請できます。",
                "a voluntary representative applies, the mayor having accepted special reasons")),
            ApplicantRole.VoluntaryRepresentative => RuleDecision.Refuse(RuleIds.Q6, new(
                "任意代理人による申請は、病気や身体の障害などの特別な理由を市区町村長が認めた場合に限ります。",
                "a voluntary representative may apply only when the mayor accepts special reasons")),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown applicant role."),
        };
    }
}
