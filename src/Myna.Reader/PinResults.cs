namespace Myna.Reader;

/// <summary>What the card says about a PIN's retry counter (card-interface §3 "Retry query").</summary>
/// <param name="TriesLeft">Wrong entries left before the PIN blocks; 0 when blocked; null when the card
/// did not say (a key without limit answers <c>6300</c>, some cards <c>9000</c>).</param>
/// <param name="IsSet">False when the card has no such PIN (its SELECT answers <c>6A82</c>): a certificate that was
/// never loaded has none (P4, E5).</param>
public readonly record struct PinStatus(int? TriesLeft, bool IsSet = true)
{
    /// <summary>The card has no such PIN.</summary>
    public static PinStatus NotSet => new(null, IsSet: false);

    /// <summary>True when no entry is left (<c>63C0</c> or <c>6984</c>): only the issuer can unblock it (P3).</summary>
    public bool IsBlocked => TriesLeft == 0;

    public static PinStatus Blocked => new(0);
}

/// <summary>The outcome of a VERIFY (card-interface §3).</summary>
public enum PinVerificationOutcome
{
    /// <summary><c>9000</c>: the PIN is verified for the current application session.</summary>
    Verified,
    /// <summary><c>63Cx</c> with x ≥ 1: wrong, <see cref="PinVerificationResult.TriesLeft"/> entries left.</summary>
    WrongPin,
    /// <summary><c>63C0</c> (this entry used the last try) or <c>6984</c> (it was already blocked).</summary>
    Blocked,
}

/// <summary>
/// The outcome of entering a PIN. A wrong or blocked PIN is an expected outcome, not an exception.
/// </summary>
public readonly record struct PinVerificationResult(PinVerificationOutcome Outcome, int TriesLeft)
{
    public bool IsVerified => Outcome == PinVerificationOutcome.Verified;

    public static PinVerificationResult Verified(int triesLeft) => new(PinVerificationOutcome.Verified, triesLeft);
    public static PinVerificationResult Wrong(int triesLeft) => new(PinVerificationOutcome.WrongPin, triesLeft);
    public static PinVerificationResult Blocked => new(PinVerificationOutcome.Blocked, 0);
}

/// <summary>The two JPKI private keys (card-interface §2.1).</summary>
public enum JpkiKey
{
    /// <summary>User-authentication key, EF <c>0017</c>, unlocked by PIN <c>0018</c>.</summary>
    UserAuthentication,
    /// <summary>Signature key, EF <c>001A</c>, unlocked by the signature password <c>001B</c>.</summary>
    Signature,
}

/// <summary>
/// Record 1 of EF 0001 in the common AP (card-interface §2.4): <c>01 1C</c> and 28 ASCII digits.
/// </summary>
/// <param name="CardSerial">15-digit card serial.</param>
/// <param name="MunicipalityCode">5-digit municipality (地方公共団体) code.</param>
/// <param name="Expiry">Card expiry date (inclusive).</param>
public sealed record CommonApRecord(string CardSerial, string MunicipalityCode, DateOnly Expiry);
