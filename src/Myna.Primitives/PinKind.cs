namespace Myna.Primitives;

/// <summary>The four PINs (暗証番号) of a card (rules <c>P</c>).</summary>
public enum PinKind
{
    /// <summary>Signature password (署名用電子証明書の暗証番号): 6–16 of [0-9A-Z], 5 tries.</summary>
    Signature,
    /// <summary>User-authentication PIN (利用者証明用電子証明書の暗証番号): 4 digits, 3 tries.</summary>
    UserAuthentication,
    /// <summary>Resident-registry PIN (住民基本台帳用暗証番号): 4 digits, 3 tries.</summary>
    ResidentRegistry,
    /// <summary>Card-face input-assist PIN (券面事項入力補助用暗証番号): 4 digits, 3 tries.</summary>
    TextInputAssist,
}

/// <summary>What a PIN of a given kind looks like and how many wrong entries lock it (rules <c>P</c>).</summary>
public sealed record PinPolicy(PinKind Kind, int MinLength, int MaxLength, bool AllowsLetters, int MaxTries)
{
    /// <summary>P: signature 6–16 characters, digits and A–Z; locks after 5 wrong entries.</summary>
    public static readonly PinPolicy Signature = new(PinKind.Signature, 6, 16, AllowsLetters: true, MaxTries: 5);

    /// <summary>P: 4 digits; locks after 3 wrong entries.</summary>
    public static readonly PinPolicy UserAuthentication = new(PinKind.UserAuthentication, 4, 4, false, 3);

    /// <summary>P: 4 digits; the guidebook says "some number", the real card locks after 3.</summary>
    public static readonly PinPolicy ResidentRegistry = new(PinKind.ResidentRegistry, 4, 4, false, 3);

    /// <summary>P: 4 digits; the guidebook says "some number", the real card locks after 3.</summary>
    public static readonly PinPolicy TextInputAssist = new(PinKind.TextInputAssist, 4, 4, false, 3);

    public static PinPolicy For(PinKind kind) => kind switch
    {
        PinKind.Signature => Signature,
        PinKind.UserAuthentication => UserAuthentication,
        PinKind.ResidentRegistry => ResidentRegistry,
        PinKind.TextInputAssist => TextInputAssist,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown PIN kind."),
    };

    /// <summary>Why <paramref name="candidate"/> is not a PIN of this kind, or null if it is one.</summary>
    /// <remarks>Never repeats the candidate.</remarks>
    public string? Validate(ReadOnlySpan<char> candidate)
    {
        if (candidate.Length < MinLength || candidate.Length > MaxLength)
        {
            return MinLength == MaxLength
                ? $"The {Describe()} has {MinLength} digits."
                : $"The {Describe()} has {MinLength} to {MaxLength} characters.";
        }
        foreach (var c in candidate)
        {
            var ok = char.IsAsciiDigit(c) || (AllowsLetters && c is >= 'A' and <= 'Z');
            if (!ok)
            {
                return AllowsLetters
                    ? $"The {Describe()} has digits and upper-case letters A–Z only."
                    : $"The {Describe()} has digits only.";
            }
        }
        return null;
    }

    /// <summary>A short English name of the kind, for messages.</summary>
    public string Describe() => Kind switch
    {
        PinKind.Signature => "signature PIN",
        PinKind.UserAuthentication => "user-authentication PIN",
        PinKind.ResidentRegistry => "resident-registry PIN",
        PinKind.TextInputAssist => "input-assist PIN",
        _ => "PIN",
    };
}
