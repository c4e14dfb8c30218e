using Microsoft.AspNetCore.Mvc;
using Myna.Server.Staff;
using Myna.Server.Ui;
using Myna.Storage.Staff;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Admin.Staff;

/// <summary>
/// <c>/Admin/Staff/Account/{userName}</c>: one account — change its role, reset its password, end its sessions, disable
/// or enable it; the same service and audit entries as <c>/api/admin/staff/{userName}</c>.
/// </summary>
public sealed class AccountModel(StaffAdministration staff) : StaffAccountsPageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserName { get; set; } = "";

    [BindProperty]
    public StaffRole? Role { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public StaffAccountView? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostRoleAsync(CancellationToken cancellationToken) =>
        ApplyAsync(staff.SetRoleAsync(Actor, UserName, Role, cancellationToken),
            a => T($"役割を{StaffRoleWords.Of(a.Role).Japanese}に変更しました。", $"The role is now {StaffRoleWords.Of(a.Role).English}."), cancellationToken);

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        var password = Password;
        Password = null;
        return ApplyAsync(staff.SetPasswordAsync(Actor, UserName, password, cancellationToken),
            _ => T("パスワードを再設定しました。サインイン中の端末はサインアウトされました。新しいパスワードは本人に安全な方法で伝えてください。",
                "The password is reset and its sessions ended. Give the new password to its holder in a safe way."), cancellationToken);
    }

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken) =>
        ApplyAsync(staff.SetEnabledAsync(Actor, UserName, false, cancellationToken),
            _ => T("アカウントを無効にしました。サインイン中の端末はサインアウトされました。", "The account is disabled and its sessions ended."), cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) =>
        ApplyAsync(staff.SetEnabledAsync(Actor, UserName, true, cancellationToken),
            _ => T("アカウントを有効にしました。", "The account is enabled."), cancellationToken);

    public async Task<IActionResult> OnPostEndSessionsAsync(CancellationToken cancellationToken)
    {
        var outcome = await staff.EndSessionsAsync(Actor, UserName, cancellationToken);
        if (outcome.Refusal is { } refusal)
            return await RefusedAsync(refusal, cancellationToken);
        return Done(T($"サインイン中のセッションを {outcome.Value} 件終了しました。", $"Ended {outcome.Value} sessions."), "/Admin/Staff/Account", new { userName = UserName });
    }

    private async Task<IActionResult> ApplyAsync(
        Task<StaffOutcome<StaffAccountView>> change, Func<StaffAccountView, string> done, CancellationToken cancellationToken)
    {
        var outcome = await change;
        if (outcome.Refusal is { } refusal)
            return await RefusedAsync(refusal, cancellationToken);
        return Done(done(outcome.Value!), "/Admin/Staff/Account", new { userName = outcome.Value!.UserName });
    }

    private async Task<IActionResult> RefusedAsync(StaffRefusal refusal, CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Refused(refusal) : NotFound();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await staff.GetAsync(UserName, cancellationToken);
        Account = found.Value;
        Role ??= Account?.Role;
        return Account is not null;
    }
}
