using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.ConvenienceIssuance;

/// <summary>A store machine's credentials: its id and the secret only it holds.</summary>
public readonly record struct MachineCredentials(Guid MachineId, string Secret);

/// <summary>A transaction opened for a machine: the challenge the card is to sign.</summary>
public sealed record SessionOpened(Guid SessionId, byte[] Challenge, DateTimeOffset ExpiresAt);

/// <summary>A certificate the holder may choose at a municipality, with its fee for one copy.</summary>
public sealed record CertificateChoice(KioskCertificate Certificate, LocalizedText Name, int FeeYen);

/// <summary>A municipality the holder may choose (U2.4 ④): where they are registered, where their 本籍 is, where they made a use registration.</summary>
public sealed record MunicipalityChoice(string Code, LocalizedText Name, IReadOnlyList<CertificateChoice> Certificates);

/// <summary>The card's answer verified: the municipalities and certificates the machine offers next.</summary>
public sealed record Authenticated(IReadOnlyList<MunicipalityChoice> Municipalities);

/// <summary>What the holder chose (U2.4 ⑤): the certificate and the copies, at a municipality.</summary>
/// <param name="Municipality">The municipality's 5- or 6-digit code.</param>
/// <param name="Certificate">The certificate.</param>
/// <param name="Copies">1 to <see cref="MaxCopies"/>.</param>
/// <param name="Individual">For the family-register certificate: the individual (個人事項) one.</param>
/// <param name="FiscalYear">For the income and tax certificate: the fiscal year (年度).</param>
public sealed record CertificateOrder(string Municipality, KioskCertificate Certificate, int Copies, bool Individual = false, int? FiscalYear = null)
{
    /// <summary>The most copies one transaction prints (our decision; the guidebook sets none).</summary>
    public const int MaxCopies = 10;
}

/// <summary>The municipality agreed to issue the order: the fee to pay (U2.3) before anything prints.</summary>
public sealed record Quote(int FeeYen, int Copies, LocalizedText Summary);

/// <summary>The payment recorded and the documents issued.</summary>
public sealed record PaymentReceipt(Guid PaymentId, int AmountYen, IReadOnlyList<string> IssueNumbers);

/// <summary>
/// What binds a print job to the transaction that paid for it: the session, the machine, the SHA-256 of the challenge
/// the card signed in that session, and the SHA-256 of the document. A machine prints a job only if every part matches
/// its own open session and the bytes it received.
/// </summary>
public sealed record PrintBinding(Guid SessionId, Guid MachineId, byte[] ChallengeHash, byte[] DocumentHash);

/// <summary>One copy to print.</summary>
public sealed record PrintJob(Guid JobId, string IssueNumber, PrintBinding Binding, byte[] Pdf);

/// <summary>Why the centre or the municipality said no: a code for programs, the rule when one applies, the sentence.</summary>
public sealed record KioskRefusal(string Code, string? Rule, LocalizedText Text)
{
    public override string ToString() => Rule is null ? $"{Code}: {Text.English}" : $"{Code} ({Rule}): {Text.English}";
}

/// <summary>An answer of the kiosk service: the value, or the refusal.</summary>
public sealed record KioskAnswer<T>(T? Value, KioskRefusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator KioskAnswer<T>(KioskRefusal refusal) => new(default, refusal);

    public static KioskAnswer<T> Of(T value) => new(value, null);
}
