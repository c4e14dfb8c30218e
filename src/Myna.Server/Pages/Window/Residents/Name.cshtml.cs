using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>M1, M3: a change of name, with the former surname (旧氏) written alongside when asked.</summary>
public sealed class NameModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public string? FamilyName { get; set; }

    [BindProperty]
    public string? GivenName { get; set; }

    [BindProperty]
    public string? FamilyNameKana { get; set; }

    [BindProperty]
    public string? GivenNameKana { get; set; }

    /// <summary>M3: the former surname to show alongside, or empty for none.</summary>
    [BindProperty]
    public string? FormerSurname { get; set; }

    [BindProperty]
    public string? NewSignaturePin { get; set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        // The form starts from the name as recorded; the clerk changes what changes.
        FamilyName = Resident.Name.FamilyName;
        GivenName = Resident.Name.GivenName;
        FamilyNameKana = Resident.Name.FamilyNameKana;
        GivenNameKana = Resident.Name.GivenNameKana;
        FormerSurname = Resident.Name.FormerSurname;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var change = new NameChange(FamilyName ?? "", GivenName ?? "", FamilyNameKana ?? "", GivenNameKana ?? "",
            string.IsNullOrWhiteSpace(FormerSurname) ? null : FormerSurname);
        var outcome = await Window.ChangeNameAsync(Id, change, NewSignaturePin, Actor, cancellationToken);
        return await AfterAsync(outcome,
            done => T($"氏名を変更しました: {done.Resident.Name.OnCard}。", $"The name was changed: {done.Resident.Name.OnCard}. ") + EndorsementWords(done),
            cancellationToken);
    }

    protected override void ForgetSecrets() => NewSignaturePin = null;
}
