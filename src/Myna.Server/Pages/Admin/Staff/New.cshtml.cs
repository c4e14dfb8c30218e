using Microsoft.AspNetCore.Mvc;
using Myna.Server.Staff;
using Myna.Server.Ui;
using Myna.Storage.Staff;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Admin.Staff;

/// <summary><c>/Admin/Staff/New</c>: a new account with its initial password (the same service and audit as <c>POST /api/admin/staff</c>).</summary>
public sealed class NewModel(StaffAdministration staff) : StaffAccountsPageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public StaffRole? Role { get; set; } = StaffRole.WindowStaff;

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await staff.CreateAsync(Actor, UserName, DisplayName, Role, Password, cancellationToken);
        // The password is never sent back to the browser, not even with a refusal.
        Password = null;
        if (outcome.Refusal is { } refusal)
            return Refused(refusal);
        var account = outcome.Value!;
        return Done(T($"職員アカウント {account.UserName}（{account.DisplayName}）を作成しました。初期パスワードは本人に安全な方法で伝えてください。",
            $"Created the staff account {account.UserName} ({account.DisplayName}). Give the initial password to its holder in a safe way."),
            "/Admin/Staff/Account", new { userName = account.UserName });
    }
}
