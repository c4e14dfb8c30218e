namespace Myna.Portal;

/// <summary>The portal's audit actions and subject kind (the holder acts as <c>AuditActor.Holder</c>).</summary>
public static class PortalAudit
{
    /// <summary>The subject kind of a holder's account.</summary>
    public const string AccountSubject = "holder-account";

    /// <summary>The subject kind of an online application.</summary>
    public const string ApplicationSubject = "online-application";

    public const string AccountCreated = "portal.account-created";
    public const string CredentialLinked = "portal.credential-linked";
    public const string LoggedIn = "portal.logged-in";
    public const string LoggedOut = "portal.logged-out";
    public const string SessionEnded = "portal.session-ended";
    public const string HistoryFlagged = "portal.history-flagged";
    public const string ApplicationCreated = "portal.application-created";
    public const string ApplicationCompleted = "portal.application-completed";
    public const string ApplicationSubmitted = "portal.application-submitted";
    public const string ApplicationAccepted = "portal.application-accepted";
    public const string ApplicationRejected = "portal.application-rejected";
}
