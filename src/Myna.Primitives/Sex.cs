namespace Myna.Primitives;

/// <summary>Sex (性別) as the resident record and the card's text AP code it (JIS X 0303).</summary>
public enum Sex
{
    /// <summary>0: not known. <c>default</c>.</summary>
    Unknown = 0,
    /// <summary>1: male (男).</summary>
    Male = 1,
    /// <summary>2: female (女).</summary>
    Female = 2,
    /// <summary>9: not applicable.</summary>
    NotApplicable = 9,
}

/// <summary>The codes each medium uses for <see cref="Sex"/>.</summary>
public static class SexCodes
{
    /// <summary>The JIS X 0303 digit written in the text AP (DF25) and card face.</summary>
    public static char ToJisCode(this Sex sex) => (char)('0' + (int)sex);

    /// <summary>Parses a JIS X 0303 digit.</summary>
    public static ParseResult<Sex> FromJisCode(char code) => code switch
    {
        '0' => ParseResult<Sex>.Ok(Sex.Unknown),
        '1' => ParseResult<Sex>.Ok(Sex.Male),
        '2' => ParseResult<Sex>.Ok(Sex.Female),
        '9' => ParseResult<Sex>.Ok(Sex.NotApplicable),
        _ => ParseResult<Sex>.Fail("A sex code is 0, 1, 2 or 9 (JIS X 0303)."),
    };

    /// <summary>
    /// The code in the signature certificate's SAN (OID 1.2.392.200149.8.5.5.3): 1 male, 2 female,
    /// 3 unknown (card-interface §6).
    /// </summary>
    public static char ToCertificateCode(this Sex sex) => sex switch
    {
        Sex.Male => '1',
        Sex.Female => '2',
        _ => '3',
    };

    /// <summary>The Japanese word shown on the card face.</summary>
    public static string ToJapanese(this Sex sex) => sex switch
    {
        Sex.Male => "男",
        Sex.Female => "女",
        _ => "",
    };
}
