namespace Myna.Portal;

/// <summary>
/// The portal's two clocks: real time for what protects a login (challenges, sessions), which moving the sandbox's date
/// must not stretch or cut short; and the system's civil clock (the sandbox clock in sandbox mode) for what the
/// holder's card and records are judged by (certificate validity, notices).
/// </summary>
/// <param name="Real">Real time.</param>
/// <param name="Civil">The system's clock.</param>
public sealed record PortalClocks(TimeProvider Real, TimeProvider Civil);
