using Myna.Primitives.Text;
using Myna.Storage.History;

namespace Myna.Portal.History;

/// <summary>The exchanges the portal itself makes of a holder's information, as their history says them.</summary>
public static class PortalExchanges
{
    /// <summary>The exchange of the portal showing the holder their own information.</summary>
    public static ExchangeContent PortalShowed(IEnumerable<LocalizedText> sources, IEnumerable<LocalizedText> items)
    {
        var from = sources.Distinct().ToList();
        var what = items.ToList();
        return new ExchangeContent("portal-viewed",
            new("本人（マイナポータル）", "The holder (the portal)"),
            new(string.Join("、", from.Select(s => s.Japanese)), string.Join("; ", from.Select(s => s.English))),
            new(string.Join("、", what.Select(s => s.Japanese)), string.Join("; ", what.Select(s => s.English))),
            new("本人による自己情報の確認（わたしの情報）", "The holder viewing their own information (My information)"));
    }
}
