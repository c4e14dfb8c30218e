namespace Myna.Registry.Rules;

/// <summary>
/// The guidebook's rule ids as the system names them in refusals, audit entries and tests: one constant per rule, so
/// that an id is never typed twice (and never mistyped). The sentences themselves come with each refusal, in both
/// languages.
/// </summary>
public static class RuleIds
{
    /// <summary>A transition the card's or application's states do not allow (delivered twice, suspended twice …): no guidebook id.</summary>
    public const string State = "state";

    /// <summary>D1: the My Number documents (the table of what each is and proves; the first card free).</summary>
    public const string D1 = "D1";

    public const string D2 = "D2";
    public const string D3 = "D3";
    public const string D4 = "D4";
    public const string E1 = "E1";
    public const string E2 = "E2";
    public const string E5 = "E5";

    /// <summary>K: the My Number general free dial and its hours.</summary>
    public const string K = "K";

    public const string L1 = "L1";
    public const string L2 = "L2";
    public const string L3 = "L3";
    public const string M1 = "M1";
    public const string M2 = "M2";
    public const string M3 = "M3";
    public const string P1 = "P1";
    public const string P3 = "P3";
    public const string P4 = "P4";
    public const string Q6 = "Q6";
    public const string Q7 = "Q7";

    /// <summary>U1.1: the card serves as the health insurance card once registered for that use; joining and leaving stay the scheme's procedures.</summary>
    public const string U1_1 = "U1.1";

    /// <summary>U1.2: the eligibility is checked on the spot at the reception terminal.</summary>
    public const string U1_2 = "U1.2";

    /// <summary>U1.3: no elderly recipient or ceiling certificate to bring; a municipality's medical subsidy certificate still.</summary>
    public const string U1_3 = "U1.3";

    /// <summary>U1.4: medication and specific health check records, to others only with consent.</summary>
    public const string U1_4 = "U1.4";

    /// <summary>U1.5: medical expenses in the portal, for the deduction in the tax return.</summary>
    public const string U1_5 = "U1.5";

    /// <summary>U1.6: with consent, the counter charges no more than the high-cost ceiling.</summary>
    public const string U1_6 = "U1.6";

    /// <summary>U2.1: the convenience-store kiosks' hours.</summary>
    public const string U2_1 = "U2.1";

    /// <summary>U2.3: the six kiosk certificates, each for the window's fee.</summary>
    public const string U2_3 = "U2.3";

    /// <summary>U2.4: the machine's steps, in their order.</summary>
    public const string U2_4 = "U2.4";

    /// <summary>U2.5: what a municipality issues at the kiosk by where the holder is registered and where 本籍 is.</summary>
    public const string U2_5 = "U2.5";

    /// <summary>U2.6: what the kiosk does not issue (①–⑤, cited as "U2.6①" …).</summary>
    public const string U2_6 = "U2.6";

    /// <summary>U2.7: not on the day the card was handed over or renewed for continued use.</summary>
    public const string U2_7 = "U2.7";

    /// <summary>U2.8: no exchange or refund once obtained; no fee exemption at the kiosk.</summary>
    public const string U2_8 = "U2.8";

    /// <summary>U2.9: each municipality's own kiosk offer.</summary>
    public const string U2_9 = "U2.9";

    /// <summary>U2.10: a seal registration certificate at the window needs the seal registration card, not the My Number card.</summary>
    public const string U2_10 = "U2.10";

    /// <summary>U2.11: the city hall kiosk's hours.</summary>
    public const string U2_11 = "U2.11";

    public const string V1 = "V1";
    public const string V2 = "V2";
    public const string V3 = "V3";
    public const string V4 = "V4";
    public const string V5 = "V5";
    public const string V6 = "V6";
    public const string V7 = "V7";
}
