using Microsoft.AspNetCore.Mvc;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Server.Ui;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.Server.Pages.Window;

/// <summary>
/// <c>/Window</c>: find a resident by name, kana, birth date or resident record code (GET, so a search can be
/// bookmarked), or by an exact My Number in a separate POST form that never puts the number in a URL and is
/// audited as the API's search is.
/// </summary>
public sealed class IndexModel(MunicipalWindow window) : StaffPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kana { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? BirthDate { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RecordCode { get; set; }

    /// <summary>The exact My Number (POST only); never rendered back into the page.</summary>
    [BindProperty]
    public string? MyNumber { get; set; }

    /// <summary>Whether a search ran (an empty result says "none found", no search says nothing).</summary>
    public bool Searched { get; private set; }

    /// <summary>The My Number searched for, masked (<c>********9012</c>), when that search ran.</summary>
    public string? MaskedMyNumber { get; private set; }

    public IReadOnlyList<ResidentSummary> Results { get; private set; } = [];

    public IReadOnlyDictionary<Guid, CardState> CardStates { get; private set; } = new Dictionary<Guid, CardState>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Kana) && BirthDate is null && string.IsNullOrWhiteSpace(RecordCode))
            return;
        await ShowAsync(new ResidentQuery(Name, Kana, BirthDate, RecordCode), cancellationToken);
    }

    public async Task<IActionResult> OnPostMyNumberAsync(CancellationToken cancellationToken)
    {
        var number = Primitives.MyNumber.Parse((MyNumber ?? "").Replace(" ", "", StringComparison.Ordinal).Trim());
        MyNumber = null;
        if (!number.Success)
        {
            ModelState.AddModelError(nameof(MyNumber), T("個人番号ではありません。12桁の数字で、検査用数字が合っているか確かめてください。", "A My Number has 12 digits with a valid check digit."));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // As POST /api/residents/search-by-my-number: who looked for a number, and how many were found (never the number).
        await ShowAsync(await window.FindResidentsByMyNumberAsync(number.Value.Reveal(), Actor, LookupChannel.Window, cancellationToken), cancellationToken);
        MaskedMyNumber = number.Value.Masked();
        return Page();
    }

    private async Task ShowAsync(ResidentQuery query, CancellationToken cancellationToken) =>
        await ShowAsync(await window.SearchResidentsAsync(query, Actor, LookupChannel.Window, cancellationToken: cancellationToken), cancellationToken);

    private async Task ShowAsync(IReadOnlyList<ResidentSummary> found, CancellationToken cancellationToken)
    {
        Results = found;
        CardStates = await window.CurrentCardStatesAsync([.. Results.Select(r => r.Id)], cancellationToken);
        Searched = true;
    }

    private static string T(string japanese, string english) => Bilingual.T(japanese, english);
}
