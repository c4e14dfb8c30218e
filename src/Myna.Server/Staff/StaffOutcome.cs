using Myna.Primitives.Text;

namespace Myna.Server.Staff;

/// <summary>Why a change to staff accounts was refused.</summary>
public enum StaffRefusalKind
{
    /// <summary>Bad input (400): the refusal names the field.</summary>
    Invalid,

    /// <summary>No such account (404).</summary>
    NotFound,

    /// <summary>The change contradicts the accounts as they are (409): a taken user name, the last administrator.</summary>
    Conflict,
}

/// <summary>A refusal in both languages; <paramref name="Field"/> names the request's property for bad input, as the framework's validation errors do.</summary>
public sealed record StaffRefusal(StaffRefusalKind Kind, LocalizedText Text, string? Field = null)
{
    public static StaffRefusal Invalid(string field, LocalizedText text) => new(StaffRefusalKind.Invalid, text, field);

    public static StaffRefusal NotFound(string userName) => new(StaffRefusalKind.NotFound,
        new($"ユーザー名「{userName}」の職員アカウントはありません。", $"There is no staff account {userName}."));

    public static StaffRefusal Conflict(LocalizedText text) => new(StaffRefusalKind.Conflict, text);

    /// <summary>The refusal's heading on a page (the API problem's title).</summary>
    public LocalizedText Title => Kind switch
    {
        StaffRefusalKind.NotFound => new("見つかりません", "Not found"),
        StaffRefusalKind.Conflict => new("この変更はできません", "This change is not possible"),
        _ => new("入力に誤りがあります", "The input is not valid"),
    };
}

/// <summary>What a change came to: its result, or the refusal and nothing changed.</summary>
public readonly record struct StaffOutcome<T>(T? Value, StaffRefusal? Refusal)
{
    public static implicit operator StaffOutcome<T>(StaffRefusal refusal) => new(default, refusal);

    public static implicit operator StaffOutcome<T>(T value) => new(value, null);
}
