using Myna.Pki;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

public class EligibilityRuleTests
{
    private static readonly DateOnly s_on = D("2026-11-25");
    private static readonly HolderFacts s_turns15Tomorrow = new(D("2011-11-26"));
    private static readonly HolderFacts s_turned15Today = new(D("2011-11-25"));
    private static readonly HolderFacts s_sixteen = new(D("2010-06-01"));
    private static readonly HolderFacts s_adult = new(D("1990-01-02"));
    private static readonly HolderFacts s_adultWard = new(D("1960-04-01"), IsAdultWard: true);

    public static TheoryData<string, HolderFacts, bool, bool> SignatureCases => new()
    {
        { "14, turning 15 tomorrow", s_turns15Tomorrow, false, false },
        { "14, even if the representative wants it", s_turns15Tomorrow, true, false },
        { "15 today", s_turned15Today, false, true },
        { "adult", s_adult, false, true },
        { "adult ward", s_adultWard, true, false },
    };

    [Theory]
    [MemberData(nameof(SignatureCases))]
    public void SignatureCertificate_NotForUnder15sOrAdultWards_P4(string who, HolderFacts holder, bool representativeWantsIt, bool allowed)
    {
        var decision = CertificateEligibilityRule.MayLoad(JpkiHierarchy.Signature, holder, s_on, representativeWantsIt);
        Assert.True(allowed == decision.IsAllowed, who);
        Assert.EndsWith("(P4)", decision.Reason.English, StringComparison.Ordinal);
    }

    public static TheoryData<string, HolderFacts, bool, bool> AuthenticationCases => new()
    {
        { "14, representative decides yes", s_turns15Tomorrow, true, true },
        { "14, representative decides no", s_turns15Tomorrow, false, false },
        { "adult ward, representative decides yes", s_adultWard, true, true },
        { "adult ward, representative decides no", s_adultWard, false, false },
        { "15 today: the holder's own choice", s_turned15Today, false, true },
    };

    [Theory]
    [MemberData(nameof(AuthenticationCases))]
    public void AuthenticationCertificate_Under15OrWard_OnlyIfRepresentativeDecides_P4(string who, HolderFacts holder, bool representativeWantsIt, bool allowed) =>
        Assert.True(allowed == CertificateEligibilityRule.MayLoad(JpkiHierarchy.UserAuthentication, holder, s_on, representativeWantsIt).IsAllowed, who);

    [Fact]
    public void SignatureCertificate_Under15_SaysWhy_P4() =>
        Assert.Equal("no signature certificate is issued to a holder under 15 (P4)",
            CertificateEligibilityRule.MayLoad(JpkiHierarchy.Signature, s_turns15Tomorrow, s_on).Reason.English);

    public static TheoryData<string, ApplicantRole, HolderFacts, bool, bool> ApplicantCases => new()
    {
        { "holder of 14", ApplicantRole.Holder, s_turns15Tomorrow, false, false },
        { "holder of 15 today", ApplicantRole.Holder, s_turned15Today, false, true },
        { "legal representative of a 14-year-old", ApplicantRole.LegalRepresentative, s_turns15Tomorrow, false, true },
        { "legal representative of a 16-year-old", ApplicantRole.LegalRepresentative, s_sixteen, false, true },
        { "legal representative of an adult ward", ApplicantRole.LegalRepresentative, s_adultWard, false, true },
        { "'legal representative' of an adult", ApplicantRole.LegalRepresentative, s_adult, false, false },
        { "voluntary representative, not accepted", ApplicantRole.VoluntaryRepresentative, s_adult, false, false },
        { "voluntary representative, mayor accepted", ApplicantRole.VoluntaryRepresentative, s_adult, true, true },
    };

    [Theory]
    [MemberData(nameof(ApplicantCases))]
    public void Applicant_WhoMayApply_Q6(string who, ApplicantRole role, HolderFacts holder, bool mayorAccepted, bool allowed)
    {
        var decision = ApplicantRule.MayApply(role, holder, s_on, mayorAccepted);
        Assert.True(allowed == decision.IsAllowed, who);
        Assert.Equal("Q6", decision.Rule);
    }

    [Fact]
    public void Applicant_Under15InPerson_SaysTheRepresentativeApplies_Q6() =>
        Assert.Equal("a holder under 15 does not apply in person: the legal representative applies (Q6)",
            ApplicantRule.MayApply(ApplicantRole.Holder, s_turns15Tomorrow, s_on).Reason.English);
}
