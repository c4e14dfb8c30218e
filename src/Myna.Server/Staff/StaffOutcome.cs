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

    /// <summary>Too many wrong current passwords (429): the sign-in's throttle applies to them too.</summary>
    TooManyAttempts,
}

/// <summary>A refusal in both languages; <paramref name="Field"/> names the request's property for bad input, as the framework's validation errors do.</summary>
public sealed record StaffRefusal(StaffRefusalKind Kind, LocalizedText Text, string? Field = null)
{
    /// <summary>How long to wait, for <see cref="StaffRefusalKind.TooManyAttempts"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The wait in whole seconds, as Retry-After gives it (0 when there is none).</summary>
    public int RetryAfterSeconds => RetryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : 0;

    /// <summary>The HTTP status of this refusal, for the API and the pages alike.</summary>
    public int Status => Kind switch
    {
        StaffRefusalKind.NotFound => StatusCodes.Status404NotFound,
        StaffRefusalKind.Conflict => StatusCodes.Status409Conflict,
        StaffRefusalKind.TooManyAttempts => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    public static StaffRefusal TooManyAttempts(TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return new(StaffRefusalKind.TooManyAttempts, new(
            $"パスワードの誤りが続いたため、{seconds} 秒後に再度お試しください。", $"Too many wrong passwords; try again in {seconds} seconds."))
        {
            RetryAfter = wait,
        };
    }

    public static StaffRefusal Invalid(string field, LocalizedText text) => new(StaffRefusalKind.Invalid, text, field);

    public static StaffRefusal NotFound(string userName) => new(StaffRefusalKind.NotFound,
        new($"ユーザー名「{userName}」の職員アカウントはありません。", $"There is no staff account {userName}."));

    public static StaffRefusal Conflict(LocalizedText text) => new(StaffRefusalKind.Conflict, text);

    /// <summary>The refusal's heading on a page (the API problem's title).</summary>
    public LocalizedText Title => Kind switch
    {
        StaffRefusalKind.NotFound => new("見つかりません", "Not found"),
        StaffRefusalKind.Conflict => new("この変更はできません", "This change is not possible"),
        StaffRefusalKind.TooManyAttempts => new("試行回数が多すぎます", "Too many attempts"),
        _ => new("入力に誤りがあります", "The input is not valid"),
    };
}

/// <summary>What a change came to: its result, or the refusal and nothing changed.</summary>
public readonly record struct StaffOutcome<T>(T? Value, StaffRefusal? Refusal)
{
    public static implicit operator StaffOutcome<T>(StaffRefusal refusal) => new(default, refusal);

    public static implicit operator StaffOutcome<T>(T value) => new(value, null);
}
