using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Window;

namespace Myna.Server.Pages.Window;

/// <summary><c>/Window/Fees</c>: the fee ledger of a day (reissue fees, L3, V6), the system's today by default.</summary>
public sealed class FeesModel(MunicipalWindow window) : PageModel
{
    /// <summary>The day shown (query <c>?date=yyyy-MM-dd</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "date")]
    public DateOnly? Day { get; set; }

    public IReadOnlyList<FeeLedgerLine> Lines { get; private set; } = [];

    public int TotalYen => Lines.Sum(l => l.AmountYen);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Day ??= window.Today;
        Lines = await window.FeesOnAsync(Day.Value, cancellationToken);
    }
}
