using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>M1: a move within the municipality (転居): the record, the endorsement area, the chip, the signature certificate.</summary>
public sealed class AddressModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public string? NewAddress { get; set; }

    /// <summary>A password for the new signature certificate (M1 revokes the old one); empty: none issued.</summary>
    [BindProperty]
    public string? NewSignaturePin { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await Window.ChangeAddressAsync(Id, NewAddress ?? "", NewSignaturePin, Actor, cancellationToken);
        return await AfterAsync(outcome, change => T("住所を変更しました。", "The address was changed. ") + EndorsementWords(change), cancellationToken);
    }

    protected override void ForgetSecrets() => NewSignaturePin = null;
}
