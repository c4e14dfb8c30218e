using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Cards;
using Myna.Registry.Residents;

namespace Myna.Storage.Concurrency;

/// <summary>
/// Optimistic concurrency for the registry's aggregates (residents, cards): a <c>version</c> column that every save
/// of a changed row moves on and checks, so that a save based on a stale read fails with
/// <see cref="DbUpdateConcurrencyException"/> instead of overwriting what another window saved (docs/storage.md).
/// </summary>
/// <remarks>
/// <para>One design for both providers: an application-maintained counter, not PostgreSQL's <c>xmin</c> (SQLite has
/// no such column). A change of an owned part (a card's certificates, its endorsement lines in their own table)
/// counts as a change of its owner, whose version then moves too.</para>
/// <para>An even version is a row at rest; an odd one is claimed (<see cref="ClaimAsync"/>) by a unit of work that is
/// working outside the database (a chip, a revocation) and will save it. A plain save moves an even version on by 2;
/// the claiming unit of work's save moves its odd version on by 1; a row claimed by someone else cannot be claimed
/// or saved.</para>
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
    /// database, a chip or a revocation: makes its version odd in the database at once, if it is still the version
    /// that was loaded and nobody else holds a claim. False otherwise: someone else changed it since it was read, or
    /// is changing it now, and the caller should change nothing.
    /// </summary>
    /// <remarks>
    /// The claim is committed on its own (it changes no data), so that a second window fails here, before it touches
    /// anything, rather than after its chip work. It ends with the unit of work's save (the version becomes even again,
    /// checked against the claim), or, if the context is disposed without that save, by being given back
    /// (<see cref="MynaDbContext.DisposeAsync"/>); a claim left by a process that died is given back by
    /// <see cref="MynaDbContextFactory.MigrateAsync(CancellationToken)"/> at the next start.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="entity"/> is neither a resident nor a card.</exception>
    public static Task<bool> ClaimAsync(this MynaDbContext db, object entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return entity switch
        {
            Resident resident => ClaimAsync(db, resident, cancellationToken),
            CardRecord card => ClaimAsync(db, card, cancellationToken),
            null => throw new ArgumentNullException(nameof(entity)),
            _ => throw new ArgumentException($"A {entity.GetType().Name} has no row version to claim.", nameof(entity)),
        };
    }

    private static async Task<bool> ClaimAsync<T>(MynaDbContext db, T entity, CancellationToken cancellationToken)
        where T : class
    {
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Added || db.Claims.ContainsKey(entity))
            return true;
        var version = entry.Property<long>(PropertyName);
        var loaded = version.OriginalValue;
        if (IsClaimed(loaded))
            return false;
        if (await MoveAsync(db, entity, loaded, cancellationToken) == 0)
            return false;
        db.Claims[entity] = loaded + 1;
        // The unit of work's save writes the row again, even when it changes nothing else of it: that save ends the claim.
        version.OriginalValue = loaded + 1;
        version.CurrentValue = loaded + 1;
        version.IsModified = true;
        return true;
    }

    /// <summary>Gives back the claims of a context disposed without saving them (a refusal, an exception).</summary>
    internal static async Task ReleaseAsync(MynaDbContext db)
    {
        foreach (var (entity, claimed) in db.Claims.ToList())
        {
            _ = entity switch
            {
                Resident resident => await MoveAsync(db, resident, claimed, CancellationToken.None),
                CardRecord card => await MoveAsync(db, card, claimed, CancellationToken.None),
                _ => 0,
            };
        }
        db.Claims.Clear();
    }

    /// <summary>
    /// Gives back every claim in the database: run at startup, when no unit of work of this installation can be
    /// running, for the claims of a process that died between its claim and its save.
    /// </summary>
    internal static async Task ReleaseAbandonedAsync(MynaDbContext db, CancellationToken cancellationToken)
    {
        await db.Set<Resident>().Where(r => EF.Property<long>(r, PropertyName) % 2 == 1)
            .ExecuteUpdateAsync(set => set.SetProperty(r => EF.Property<long>(r, PropertyName), r => EF.Property<long>(r, PropertyName) + 1), cancellationToken);
        await db.Set<CardRecord>().Where(c => EF.Property<long>(c, PropertyName) % 2 == 1)
            .ExecuteUpdateAsync(set => set.SetProperty(c => EF.Property<long>(c, PropertyName), c => EF.Property<long>(c, PropertyName) + 1), cancellationToken);
    }

    /// <summary>Whether a version is claimed (odd).</summary>
    internal static bool IsClaimed(long version) => version % 2 != 0;

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

    /// <summary>Moves the row's version from <paramref name="from"/> to the next number, if it still is <paramref name="from"/>; the rows changed (0 or 1).</summary>
    private static Task<int> MoveAsync<T>(MynaDbContext db, T entity, long from, CancellationToken cancellationToken)
        where T : class
    {
        var entry = db.Entry(entity);
        var key = entry.Metadata.FindPrimaryKey()!.Properties.Single();
        var id = (Guid)entry.Property(key.Name).CurrentValue!;
        return db.Set<T>()
            .Where(e => EF.Property<Guid>(e, key.Name) == id && EF.Property<long>(e, PropertyName) == from)
            .ExecuteUpdateAsync(set => set.SetProperty(e => EF.Property<long>(e, PropertyName), from + 1), cancellationToken);
    }
}

/// <summary>
/// Moves the version of every changed versioned row (and of the owner of every changed owned part) on save: by 1 to
/// end this context's claim, by 2 from a row at rest; a row claimed by someone else is refused as a conflict.
/// </summary>
internal sealed class RowVersionInterceptor : SaveChangesInterceptor
{
    public static readonly RowVersionInterceptor Instance = new();

    private RowVersionInterceptor()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        MoveVersions(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        MoveVersions(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        EndClaims(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        EndClaims(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // The save wrote every claimed row (their version is marked modified), so the claims have ended.
    private static void EndClaims(DbContext? context) => (context as MynaDbContext)?.Claims.Clear();

    private static void MoveVersions(DbContext? context)
    {
        if (context is not MynaDbContext db)
            return;
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().ToList();
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
            // From the version read, not the current value: a save retried after a failure moves it once.
            var version = entry.Property(RowVersions.PropertyName);
            var read = (long)version.OriginalValue!;
            if (RowVersions.IsClaimed(read) && !db.Claims.ContainsKey(entry.Entity))
            {
                // Read while another unit of work held it: checked against a version no row has, so that EF itself
                // reports the conflict (DbUpdateConcurrencyException with this entry).
                version.OriginalValue = -1L;
                continue;
            }
            version.CurrentValue = read + (RowVersions.IsClaimed(read) ? 1 : 2);
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
