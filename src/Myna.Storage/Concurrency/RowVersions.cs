using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Concurrency;

/// <summary>
/// Optimistic concurrency for the registry's aggregates (residents, cards): a <c>version</c> column that every save
/// of a changed row increments and checks, so that a save based on a stale read fails with
/// <see cref="DbUpdateConcurrencyException"/> instead of overwriting what another window saved (docs/storage.md).
/// </summary>
/// <remarks>
/// One design for both providers: an application-maintained counter, not PostgreSQL's <c>xmin</c> (SQLite has no
/// such column). A change of an owned part (a card's certificates, its endorsement lines in their own table) counts
/// as a change of its owner, whose version then moves too.
/// </remarks>
public static class RowVersions
{
    /// <summary>The shadow property (column <c>version</c>) of the counter.</summary>
    public const string PropertyName = "Version";

    /// <summary>Gives the entity a version counter that is checked on every update and delete.</summary>
    internal static void HasRowVersion<T>(this EntityTypeBuilder<T> builder) where T : class =>
        builder.Property<long>(PropertyName).IsConcurrencyToken();

    /// <summary>
    /// Claims <paramref name="entity"/> (a resident or card loaded in <paramref name="db"/>) before work outside the
    /// database, a chip or a revocation: increments its version in the database at once, if it is still the version
    /// that was loaded. False when someone else has changed it since: the caller should change nothing.
    /// </summary>
    /// <remarks>
    /// The claim is committed on its own (it changes no data), so that a second window that read the same version
    /// fails here, before it touches anything, rather than at its final save. The tracked entity takes the new
    /// version and is saved again with the unit of work, checked against the claimed version: a window that read the
    /// row after the claim and claimed it in turn makes this save fail instead.
    /// </remarks>
    public static async Task<bool> ClaimAsync<T>(this MynaDbContext db, T entity, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entity);
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Added)
            return true;
        var key = entry.Metadata.FindPrimaryKey()!.Properties.Single();
        var id = (Guid)entry.Property(key.Name).CurrentValue!;
        var version = entry.Property<long>(PropertyName);
        var loaded = version.OriginalValue;
        var claimed = await db.Set<T>()
            .Where(e => EF.Property<Guid>(e, key.Name) == id && EF.Property<long>(e, PropertyName) == loaded)
            .ExecuteUpdateAsync(set => set.SetProperty(e => EF.Property<long>(e, PropertyName), loaded + 1), cancellationToken);
        if (claimed == 0)
            return false;
        // The unit of work's save checks the claimed version again (and moves it on), even when it changes nothing
        // else of the row: nobody may have claimed it in between.
        version.OriginalValue = loaded + 1;
        version.CurrentValue = loaded + 1;
        version.IsModified = true;
        return true;
    }

    /// <summary>The name of what <paramref name="exception"/> found changed ("resident", "card" …), for a message.</summary>
    public static string SubjectOf(DbUpdateConcurrencyException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Entries.Select(e => e.Metadata.GetTableName()).FirstOrDefault() switch
        {
            "residents" => "resident",
            "cards" or "card_endorsements" => "card",
            _ => "record",
        };
    }
}

/// <summary>Increments the version of every changed versioned row (and of the owner of every changed owned part) on save.</summary>
internal sealed class RowVersionInterceptor : SaveChangesInterceptor
{
    public static readonly RowVersionInterceptor Instance = new();

    private RowVersionInterceptor()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Increment(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Increment(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Increment(DbContext? context)
    {
        if (context is null)
            return;
        context.ChangeTracker.DetectChanges();
        var entries = context.ChangeTracker.Entries().ToList();
        Dictionary<(IEntityType, object), EntityEntry>? byKey = null;
        var changed = new HashSet<EntityEntry>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries.Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var root = entry;
            while (root is not null && root.Metadata.IsOwned())
                root = OwnerOf(root, byKey ??= ByKey(entries));
            if (root is { State: EntityState.Modified or EntityState.Unchanged } && IsVersioned(root.Metadata))
                changed.Add(root);
        }
        foreach (var entry in changed)
        {
            // From the version read, not the current value: a save retried after a failure increments once.
            var version = entry.Property(RowVersions.PropertyName);
            version.CurrentValue = (long)version.OriginalValue! + 1;
        }
    }

    private static bool IsVersioned(IEntityType type) =>
        type.FindProperty(RowVersions.PropertyName) is { IsConcurrencyToken: true };

    /// <summary>The owner of an owned part, by the part's foreign key (every owner here has a one-column key).</summary>
    private static EntityEntry? OwnerOf(EntityEntry owned, Dictionary<(IEntityType, object), EntityEntry> byKey)
    {
        var ownership = owned.Metadata.FindOwnership()!;
        var key = owned.Property(ownership.Properties.Single().Name).CurrentValue;
        return key is not null && byKey.TryGetValue((ownership.PrincipalEntityType, key), out var owner) ? owner : null;
    }

    private static Dictionary<(IEntityType, object), EntityEntry> ByKey(List<EntityEntry> entries)
    {
        var byKey = new Dictionary<(IEntityType, object), EntityEntry>();
        foreach (var entry in entries)
        {
            if (entry.Metadata.FindPrimaryKey()?.Properties is [var single] && entry.Property(single.Name).CurrentValue is { } key)
                byKey.TryAdd((entry.Metadata, key), entry);
        }
        return byKey;
    }
}
