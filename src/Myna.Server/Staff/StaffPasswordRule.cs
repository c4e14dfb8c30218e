using Myna.Primitives.Text;

namespace Myna.Server.Staff;

/// <summary>
/// The rule for a password an administrator or the staff member sets: at least <see cref="StaffDirectory.MinPasswordLength"/>
/// characters, not the user name, and not one of the most common passwords (nor a published demo password).
/// </summary>
/// <remarks>Length over composition rules: a long passphrase is easier to remember and harder to guess than a short mixed one.</remarks>
public static class StaffPasswordRule
{
    /// <summary>The rule in words, for forms and refusals.</summary>
    public static readonly LocalizedText Explanation = new(
        $"パスワードは {StaffDirectory.MinPasswordLength} 文字以上で、ユーザー名と同じもの、よく使われるものは使えません。",
        $"A password has at least {StaffDirectory.MinPasswordLength} characters and is neither the user name nor a commonly used password.");

    // The most common passwords of at least the minimum length (lists of leaked passwords), compared without case;
    // shorter ones are refused by their length already.
    private static readonly HashSet<string> Common = new(
    [
        "123456789012", "1234567890123", "12345678901234", "123123123123", "111111111111", "000000000000",
        "password1234", "password12345", "password123!", "passwordpassword", "qwertyuiop12", "qwertyuiopasdf",
        "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc", "abcdefghijkl", "abc123abc123", "iloveyou1234",
        "administrator", "administrator1", "welcome12345", "letmein12345", "changeme1234", "mynumbercard",
        "mynumber1234", "myna-sandbox",
        // Every published password of the sandbox's demo accounts (StaffDirectory.SandboxAccounts: window, insurer …).
        .. StaffDirectory.SandboxAccounts.Select(a => a.Password),
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="password"/> cannot be the password of <paramref name="userName"/>, or null when it can.</summary>
    public static LocalizedText? Problem(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < StaffDirectory.MinPasswordLength)
            return new($"パスワードが短すぎます。{Explanation.Japanese}", $"The password is too short. {Explanation.English}");
        if (userName is not null && string.Equals(password.Trim(), userName.Trim(), StringComparison.OrdinalIgnoreCase))
            return new($"ユーザー名と同じパスワードは使えません。{Explanation.Japanese}", $"The password is the user name. {Explanation.English}");
        if (Common.Contains(password.Trim()))
            return new($"よく使われるパスワードのため使えません。{Explanation.Japanese}", $"The password is a commonly used one. {Explanation.English}");
        return null;
    }
}
