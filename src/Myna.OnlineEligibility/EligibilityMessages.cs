using Myna.Primitives.Text;
using Myna.Storage.Eligibility;

namespace Myna.OnlineEligibility;

/// <summary>A reception terminal's credentials: its id and the secret only it holds.</summary>
public readonly record struct TerminalCredentials(Guid TerminalId, string Secret);

/// <summary>A check opened for a terminal: the challenge the card is to sign.</summary>
public sealed record CheckOpened(Guid CheckId, byte[] Challenge, DateTimeOffset ExpiresAt);

/// <summary>What the patient agreed to at the terminal for this visit (U1.4, U1.6); nothing when they declined all.</summary>
public sealed record Consent(bool Medication, bool HealthChecks, bool Treatments, bool HighCostCeiling)
{
    public static Consent None { get; } = new(false, false, false, false);

    /// <summary>The consent in words, for the holder's exchange history.</summary>
    public LocalizedText Describe()
    {
        var ja = new List<string>();
        var en = new List<string>();
        if (Medication) { ja.Add("薬剤情報"); en.Add("medication"); }
        if (HealthChecks) { ja.Add("特定健診等情報"); en.Add("health checks"); }
        if (Treatments) { ja.Add("診療情報"); en.Add("treatments"); }
        if (HighCostCeiling) { ja.Add("限度額情報"); en.Add("high-cost ceiling"); }
        return ja.Count == 0
            ? new("同意なし", "no consent")
            : new("同意：" + string.Join("・", ja), "consent: " + string.Join(", ", en));
    }
}

/// <summary>The card's answer at the terminal: the user-authentication certificate, the signature over the challenge when the PIN was used, how the holder was confirmed, and the consent.</summary>
public sealed record CardAnswer(byte[] Certificate, byte[]? Signature, IdentityCheck Identity, Consent Consent);

/// <summary>The insurance facts the clinic sees for an eligible patient on the visit day (U1.2, U1.3).</summary>
public sealed record InsuranceFacts(
    string InsurerNumber, string InsurerName, string Symbol, string Number, string Branch, string Role, int CopaymentPercent,
    string CeilingCategory, int? ElderlyCopaymentPercent, LocalizedText SubsidyNote);

/// <summary>The eligibility service's answer to a check, with the receipt the clinic keeps.</summary>
public sealed record EligibilityResult(
    Guid CheckId, bool Eligible, string? RefusalCode, string Rule, LocalizedText Reason, InsuranceFacts? Facts, Consent Consent, SignedReceipt Receipt);

/// <summary>A check as the clinic sees it again: its state, the result and the rule, how the holder was confirmed, the consent, the receipt.</summary>
public sealed record CheckView(
    Guid CheckId, EligibilityCheckState State, DateOnly? VisitDay, string? Result, string? Rule, IdentityCheck? Identity, Consent Consent, SignedReceipt? Receipt);

/// <summary>A receipt: its canonical JSON and the service's ECDSA P-256 signature over it (base64, r‖s).</summary>
public sealed record SignedReceipt(Guid Id, string Content, string Signature);

/// <summary>Why the service said no before any eligibility answer: a code for programs, the rule, the sentence.</summary>
public sealed record EligibilityRefusal(string Code, string? Rule, LocalizedText Text)
{
    public override string ToString() => $"{Code} ({Rule}): {Text.English}";
}

/// <summary>An answer of the service: the value, or the refusal.</summary>
public sealed record EligibilityAnswerOf<T>(T? Value, EligibilityRefusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator EligibilityAnswerOf<T>(EligibilityRefusal refusal) => new(default, refusal);

    public static EligibilityAnswerOf<T> Of(T value) => new(value, null);
}
