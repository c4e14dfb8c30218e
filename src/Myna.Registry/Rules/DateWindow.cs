namespace Myna.Registry.Rules;

/// <summary>A run of Japanese civil dates; <b>both ends are part of it</b> (as NodaTime's <c>DateInterval</c>).</summary>
/// <remarks><c>default</c> is the single day 0001-01-01.</remarks>
/// <param name="First">The first day in the window.</param>
/// <param name="Last">The last day in the window (inclusive).</param>
public readonly record struct DateWindow(DateOnly First, DateOnly Last)
{
    /// <summary>Whether <paramref name="date"/> lies in the window, ends included.</summary>
    public bool Contains(DateOnly date) => date >= First && date <= Last;

    /// <inheritdoc/>
    public override string ToString() => $"{RuleText.Date(First)} – {RuleText.Date(Last)}";
}
