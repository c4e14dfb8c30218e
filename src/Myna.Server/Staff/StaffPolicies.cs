using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>
/// The authorization policies, one per role; an administrator passes every one. Endpoints name one with
/// <c>RequireAuthorization(StaffPolicies.WindowStaff)</c>; an endpoint that names none still needs a signed-in
/// staff member (the fallback policy), and public ones say <c>AllowAnonymous</c>.
/// </summary>
public static class StaffPolicies
{
    /// <summary>Any signed-in staff member, whatever the role.</summary>
    public const string AnyStaff = "AnyStaff";

    /// <summary>Window staff (and administrators).</summary>
    public const string WindowStaff = "WindowStaff";

    /// <summary>Call-centre operators (and administrators).</summary>
    public const string CallCentre = "CallCentre";

    /// <summary>Administrators only.</summary>
    public const string Administrator = "Administrator";

    /// <summary>Whoever identifies a caller or a holder: window staff and the call centre (and administrators).</summary>
    public const string Identification = "Identification";

    /// <summary>A tax office (and administrators): publishes the category <c>tax</c> of わたしの情報.</summary>
    public const string TaxOffice = "TaxOffice";

    /// <summary>The pension service (and administrators): publishes <c>pension</c>.</summary>
    public const string PensionService = "PensionService";

    /// <summary>A health centre (and administrators): publishes <c>vaccination</c>.</summary>
    public const string HealthCentre = "HealthCentre";

    /// <summary>Insurer staff (and administrators): keep insurers and enrolments (資格, U1.1).</summary>
    public const string Insurer = "Insurer";

    /// <summary>Any body that publishes to わたしの情報: a tax office, the pension service or a health centre (and administrators).</summary>
    public const string PublicBody = "PublicBody";

    /// <summary>The policy of the role that publishes a category (<see cref="TaxOffice"/> …).</summary>
    public static string OfPublisher(StaffRole role) => role switch
    {
        StaffRole.TaxOffice => TaxOffice,
        StaffRole.PensionService => PensionService,
        StaffRole.HealthCentre => HealthCentre,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role of a body that publishes information."),
    };

    internal static void Add(AuthorizationOptions options)
    {
        var anyStaff = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireRole(Enum.GetNames<StaffRole>()).Build();
        options.AddPolicy(AnyStaff, anyStaff);
        options.AddPolicy(WindowStaff, p => p.RequireRole(nameof(StaffRole.WindowStaff), nameof(StaffRole.Administrator)));
        options.AddPolicy(CallCentre, p => p.RequireRole(nameof(StaffRole.CallCentre), nameof(StaffRole.Administrator)));
        options.AddPolicy(Administrator, p => p.RequireRole(nameof(StaffRole.Administrator)));
        options.AddPolicy(Identification, p => p.RequireRole(nameof(StaffRole.WindowStaff), nameof(StaffRole.CallCentre), nameof(StaffRole.Administrator)));
        options.AddPolicy(TaxOffice, p => p.RequireRole(nameof(StaffRole.TaxOffice), nameof(StaffRole.Administrator)));
        options.AddPolicy(PensionService, p => p.RequireRole(nameof(StaffRole.PensionService), nameof(StaffRole.Administrator)));
        options.AddPolicy(HealthCentre, p => p.RequireRole(nameof(StaffRole.HealthCentre), nameof(StaffRole.Administrator)));
        options.AddPolicy(Insurer, p => p.RequireRole(nameof(StaffRole.Insurer), nameof(StaffRole.Administrator)));
        options.AddPolicy(PublicBody, p => p.RequireRole(nameof(StaffRole.TaxOffice), nameof(StaffRole.PensionService), nameof(StaffRole.HealthCentre),
            nameof(StaffRole.Administrator)));
        // Anonymous callers read only what is marked public (OCSP, CRL, API description, health).
        options.FallbackPolicy = anyStaff;
    }
}

/// <summary>The claims of a staff session cookie.</summary>
public static class StaffClaims
{
    /// <summary>The display name's claim type.</summary>
    public const string DisplayName = "myna:display_name";

    /// <summary>The server-side session's claim type (<see cref="Myna.Storage.Staff.StaffSession.Id"/>).</summary>
    public const string Session = "myna:session";

    internal static ClaimsPrincipal Principal(StaffSessionHolder holder, Guid sessionId, string authenticationType) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, holder.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, holder.UserName),
                new Claim(DisplayName, holder.DisplayName),
                new Claim(ClaimTypes.Role, holder.Role.ToString()),
                new Claim(Session, sessionId.ToString("N")),
            ],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The session id the principal carries, or null (none, or not one).</summary>
    public static Guid? SessionId(ClaimsPrincipal user) =>
        Guid.TryParseExact(user?.FindFirstValue(Session), "N", out var id) ? id : null;

    /// <summary>The signed-in staff member as the audit trail's actor.</summary>
    /// <exception cref="InvalidOperationException">Nobody is signed in (an endpoint without a staff policy).</exception>
    public static AuditActor Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? AuditActor.Staff(name)
            : throw new InvalidOperationException("The endpoint acts for a staff member but nobody is signed in.");
    }
}
