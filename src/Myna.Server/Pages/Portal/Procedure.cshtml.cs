using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.Procedures;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary>
/// <c>/portal/procedures/{id}</c>: the procedure's form, built from its fields, for the holder's own municipality (the
/// service takes no other); a refusal is shown at the field it names; the application is then on its own page, where
/// it is signed (or, for the registration for health-insurance use, done at once).
/// </summary>
public sealed class ProcedureModel(OnlineApplications applications) : PageModel
{
    public OnlineProcedure Procedure { get; private set; } = null!;

    /// <summary>The holder's municipality (5-digit code), to which the application goes.</summary>
    public string? Municipality { get; private set; }

    public bool Offered => Municipality is { } m && Procedure.IsOfferedBy(m);

    /// <summary>What the holder typed, by field name (kept when the page comes back with a refusal): the form's <c>Fields[name]</c>.</summary>
    public Dictionary<string, string?> Fields { get; } = [];

    public ApplicationErrors Errors { get; } = new();

    /// <summary>The element id of a field's control.</summary>
    public static string ControlOf(string field) => field == "municipality" ? "municipality" : "field-" + field;

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        // Read by hand: a dictionary bound by the model binder takes every posted key when none has the prefix.
        foreach (var (key, value) in Request.Form)
        {
            if (key.StartsWith("Fields[", StringComparison.Ordinal) && key.EndsWith(']'))
                Fields[key["Fields[".Length..^1]] = value.ToString();
        }
        var outcome = await applications.CreateAsync(PortalAuthentication.AccountId(User)!.Value, PortalEndpoints.HolderReference(HttpContext),
            Procedure.Id, Municipality, Fields, HttpContext.RequestAborted);
        if (outcome.Application is { } application)
            return Redirect($"/portal/applications/{application.Id}");
        Errors.Add(outcome.Refusal!, field => field == "municipality" || Procedure.Fields.Any(f => f.Name == field) ? ControlOf(field) : null);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (ProcedureCatalogue.Find(id) is not { } procedure)
            return false;
        Procedure = procedure;
        Municipality = await ApplicationWords.HolderMunicipalityAsync(HttpContext);
        return true;
    }
}
