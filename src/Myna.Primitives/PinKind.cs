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

    /// <summary>The PIN's name as the window and the card's leaflet say it.</summary>
    public Text.LocalizedText Name => Kind switch
    {
        PinKind.Signature => new("署名用電子証明書の暗証番号", "signature certificate password"),
        PinKind.UserAuthentication => new("利用者証明用電子証明書の暗証番号", "user-authentication PIN"),
        PinKind.ResidentRegistry => new("住民基本台帳用の暗証番号", "resident-registry PIN"),
        PinKind.TextInputAssist => new("券面事項入力補助用の暗証番号", "text-input-assist PIN"),
        _ => new(Kind.ToString(), Kind.ToString()),
    };

    /// <summary>What a PIN of this kind looks like, as a sentence asking for one (never repeats a candidate).</summary>
    public Text.LocalizedText FormatRule => Kind switch
    {
        PinKind.Signature => new("署名用電子証明書の暗証番号は、英大文字と数字を組み合わせた6～16文字で入力してください。",
            "The signature certificate's password has 6 to 16 capital letters and digits."),
        PinKind.UserAuthentication => new("利用者証明用電子証明書の暗証番号は、数字4桁で入力してください。",
            "The user-authentication PIN has 4 digits."),
        PinKind.ResidentRegistry => new("住民基本台帳用の暗証番号は、数字4桁で入力してください。", "The resident-registry PIN has 4 digits."),
        _ => new("券面事項入力補助用の暗証番号は、数字4桁で入力してください。", "The text-input-assist PIN has 4 digits."),
    };

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
