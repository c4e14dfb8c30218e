using Microsoft.AspNetCore.Mvc;
using Myna.Server.Staff;
using Myna.Server.Ui;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages;

/// <summary>
/// <c>/Password</c>: the signed-in staff member changes their own password (the current one required); their other
/// sessions end. The same service as <c>PUT /api/session/password</c>.
/// </summary>
public sealed class PasswordModel(StaffAdministration staff) : StaffAccountsPageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (current, next, confirm) = (CurrentPassword, NewPassword, ConfirmPassword);
        // Passwords are never sent back to the browser, not even with a refusal.
        (CurrentPassword, NewPassword, ConfirmPassword) = (null, null, null);
        if (next != confirm)
            return Refused(StaffRefusal.Invalid("ConfirmPassword", new(
                "確認のために入力した新しいパスワードが一致しません。", "The new password and its confirmation differ.")));
        var outcome = await staff.ChangeOwnPasswordAsync(
            User.Identity!.Name!, StaffClaims.SessionId(User), HttpContext.Connection.RemoteIpAddress, current, next, cancellationToken);
        if (outcome.Refusal is { } refusal)
            return Refused(refusal);
        return Done(T("パスワードを変更しました。ほかの端末でのサインインは終了しました。", "Your password is changed; your sessions elsewhere ended."), "/Password");
    }
}
