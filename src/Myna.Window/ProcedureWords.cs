using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Applications;
using Myna.Registry.Rules;

namespace Myna.Window;

/// <summary>The window's codes in words, in both languages, for the sentences its procedures write (audit entries, notices).</summary>
public static class ProcedureWords
{
    public static LocalizedText Of(CardIssueOccasion occasion) => occasion switch
    {
        CardIssueOccasion.FirstIssue => new("新規交付", "first issue"),
        CardIssueOccasion.Renewal => new("更新", "renewal"),
        CardIssueOccasion.ReissueAfterLossOrDamage => new("再交付（紛失・盗難・破損など）", "reissue after loss, theft or damage"),
        CardIssueOccasion.ReissueAfterLapse => new("再交付（失効後）", "reissue after the card lapsed"),
        CardIssueOccasion.ReissueEndorsementAreaFull => new("再交付（追記欄の余白なし）", "reissue: endorsement area full"),
        CardIssueOccasion.ReissueAfterExpiry => new("再交付（有効期限切れ）", "reissue after expiry"),
        _ => new(occasion.ToString(), occasion.ToString()),
    };

    public static LocalizedText Of(ApplicantRole role) => role switch
    {
        ApplicantRole.Holder => new("本人", "the holder"),
        ApplicantRole.LegalRepresentative => new("法定代理人", "a legal representative"),
        ApplicantRole.VoluntaryRepresentative => new("任意代理人", "a voluntary representative"),
        _ => new(role.ToString(), role.ToString()),
    };

    /// <summary>A PIN's name as the window says it.</summary>
    public static LocalizedText Of(PinKind kind) => PinPolicy.For(kind).Name;
}
