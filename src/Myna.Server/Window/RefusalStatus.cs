using Myna.Primitives.Text;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>
/// The one map from a window refusal to what HTTP says of it, for the API's problem details and the staff pages alike:
/// a rule, a concurrent change or a card held elsewhere is 409, a missing record 404, bad input 400; and the refusal's heading.
/// </summary>
public static class RefusalStatus
{
    public static int Of(RefusalKind kind) => kind switch
    {
        RefusalKind.Rule or RefusalKind.Conflict or RefusalKind.CardElsewhere => StatusCodes.Status409Conflict,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The refusal box's first line on a page: the problem's title, with the rule that forbids it.</summary>
    public static LocalizedText Heading(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal is { Kind: RefusalKind.Rule, Rule: { } rule } && rule != Myna.Registry.Rules.RuleIds.State
            ? new($"規則 {rule} により、この手続はできません", $"Rule {rule} forbids this")
            : Title(refusal);
    }

    /// <summary>The title of a refusal's kind (the API problem's title, the same for every occurrence).</summary>
    public static LocalizedText Title(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind switch
        {
            // The same title for every rule (the problem type's, RFC 9457): the rule is the problem's ruleId, and the message cites it.
            RefusalKind.Rule => new("規則により、この手続はできません", "A registry rule forbids this"),
            RefusalKind.Conflict => new("他の職員が同時に変更しました", "Someone else changed this record"),
            RefusalKind.NotFound => new("見つかりません", "Not found"),
            RefusalKind.CardElsewhere => new("カードは他の場所で使われています", "The card is in use elsewhere"),
            _ => new("入力に誤りがあります", "The input is not valid"),
        };
    }
}
