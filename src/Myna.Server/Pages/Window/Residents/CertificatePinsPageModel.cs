using Microsoft.AspNetCore.Mvc;
using Myna.Window;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// The base of the pages that issue certificates onto the card in use (L2 lift, E5 load): the two passwords the
/// holder types (each left empty for a certificate not wanted), never shown back after a POST.
/// </summary>
public abstract class CertificatePinsPageModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public string? SignaturePin { get; set; }

    [BindProperty]
    public string? AuthenticationPin { get; set; }

    /// <summary>The passwords as the window takes them: an empty field is no certificate of that kind.</summary>
    protected CertificatePins Pins => new(Blank(SignaturePin), Blank(AuthenticationPin));

    protected override void ForgetSecrets() => (SignaturePin, AuthenticationPin) = (null, null);

    private static string? Blank(string? pin) => string.IsNullOrEmpty(pin) ? null : pin;
}
