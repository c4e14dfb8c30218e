using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Window;

namespace Myna.Server.Pages.Insurer;

/// <summary><c>/Insurer</c>: the insurers (保険者) whose enrolments the insurer staff keep, by insurer number.</summary>
public sealed class IndexModel(InsuranceOffice office) : PageModel
{
    public IReadOnlyList<Myna.Insurance.Insurer> Insurers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Insurers = await office.InsurersAsync(cancellationToken);
}
