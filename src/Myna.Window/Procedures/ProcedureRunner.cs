using Myna.Card.Image;
using Myna.Registry;
using Myna.Storage.Audit;

namespace Myna.Window.Procedures;

/// <summary>
/// Runs a window procedure on its own <see cref="WindowWork"/>: a success is committed (all or nothing); a refusal, an
/// aggregate's rule guard or an exception rolls everything back, also what was done outside the database.
/// </summary>
public sealed class ProcedureRunner(WindowServices services)
{
    /// <summary>The services the procedures work with.</summary>
    public WindowServices Services { get; } = services;

    /// <summary>Runs <paramref name="procedure"/> as <paramref name="actor"/>; <paramref name="action"/> names it in the journal.</summary>
    public async Task<WindowOutcome<T>> RunAsync<T>(
        AuditActor actor, string action, Func<WindowWork, Task<WindowOutcome<T>>> procedure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        await using var work = new WindowWork(Services, actor, action, cancellationToken);
        WindowOutcome<T> outcome;
        try
        {
            outcome = await procedure(work);
        }
        catch (RuleViolationException violation)
        {
            await work.RollBackAsync();
            return Refusal.Of(violation);
        }
        catch (CardFileInUseException inUse)
        {
            // The chip is opened before the procedure's first effect on it; what came before is rolled back with the rest.
            await work.RollBackAsync();
            return Refusal.CardElsewhere(inUse.Holder == CardFileHolder.HoldersReader);
        }
        catch
        {
            await work.RollBackAsync();
            throw;
        }
        if (!outcome.Succeeded && !work.SavesWhenRefused)
        {
            await work.RollBackAsync();
            return outcome;
        }
        return await work.CommitAsync() is { } conflict ? conflict : outcome;
    }
}
