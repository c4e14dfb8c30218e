using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.Procedures;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary>
/// <c>/portal/procedures</c>: the catalogue of ぴったりサービス (U3.2), open to anyone — search by keyword, life event and
/// municipality; each procedure with its summary, category, whether it needs the signature certificate, the
/// municipalities offering it, and the way to apply (or to log in first).
/// </summary>
public sealed class ProceduresModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Keyword { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? LifeEvent { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Municipality { get; set; }

    public IReadOnlyList<OnlineProcedure> Results { get; private set; } = [];

    /// <summary>Whether a holder is logged in (the links apply, else they go to the login first).</summary>
    public bool LoggedIn => PortalAuthentication.AccountId(User) is not null;

    public void OnGet()
    {
        Results = ProcedureCatalogue.Search(Keyword, LifeEvent, Municipality);
    }

    /// <summary>Where a procedure's link goes: its form, or the login that comes back to it.</summary>
    public string ApplyUrl(OnlineProcedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var form = "/portal/procedures/" + Uri.EscapeDataString(procedure.Id);
        return LoggedIn ? form : "/portal/login?returnUrl=" + Uri.EscapeDataString(form);
    }
}
