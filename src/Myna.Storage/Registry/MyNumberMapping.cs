using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage.Protection;

namespace Myna.Storage.Registry;

/// <summary>
/// How <see cref="Resident.MyNumber"/> (and a card's <see cref="CardRecord.SecurityCode"/>) is stored: not as a column
/// of its own but as shadow properties, the encrypted value and, for the My Number, the blind index (docs/storage.md, "My Numbers at rest"), filled on save and read back on
/// materialisation by this interceptor with the keys of the context (<see cref="MynaDbContext.MyNumbers"/>).
/// </summary>
/// <remarks>
/// Why not an EF value converter: a converter maps one property to one column, and it is part of the model, which
/// EF builds once per context type and caches; the keys would then be one per process, not per factory, and an
/// encrypted value (random nonce) compared in a query would silently match nothing. Here the property is ignored
/// by the model, so <c>r.MyNumber == x</c> in a query fails loudly; searches go through
/// <see cref="MynaDbContext.ResidentsWithMyNumber"/>, which compares blind indexes.
/// </remarks>
internal sealed class MyNumberMapping : ISaveChangesInterceptor, IMaterializationInterceptor
{
    /// <summary>The shadow property (column <c>my_number_ciphertext</c>) of the encrypted value.</summary>
    public const string Ciphertext = "MyNumberCiphertext";

    /// <summary>The shadow property (column <c>my_number_index</c>) of the blind index, unique.</summary>
    public const string Index = "MyNumberIndex";

    /// <summary>The shadow property (column <c>security_code_ciphertext</c>) of a card's encrypted security code.</summary>
    public const string SecurityCodeCiphertext = "SecurityCodeCiphertext";

    public static readonly MyNumberMapping Instance = new();

    private MyNumberMapping()
    {
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Protect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Protect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is Resident resident)
        {
            var stored = materializationData.GetPropertyValue<byte[]>(Ciphertext);
            SetMyNumber(resident, Protector(materializationData.Context).Decrypt(stored, resident.Id));
        }
        else if (entity is CardRecord card)
        {
            var stored = materializationData.GetPropertyValue<byte[]>(SecurityCodeCiphertext);
            SetSecurityCode(card, Protector(materializationData.Context).DecryptSecurityCode(stored, card.Id));
        }
        return entity;
    }

    /// <summary>Encrypts and indexes the number of each new resident, and of a changed one whose number or key is not current.</summary>
    private static void Protect(DbContext? context)
    {
        if (context is null)
            return;
        context.ChangeTracker.DetectChanges();
        MyNumberProtector? protector = null;
        foreach (var entry in context.ChangeTracker.Entries<Resident>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            protector ??= Protector(context);
            var index = protector.BlindIndex(entry.Entity.MyNumber);
            var indexProperty = entry.Property<byte[]>(Index);
            var ciphertextProperty = entry.Property<byte[]>(Ciphertext);
            if (entry.State == EntityState.Modified && indexProperty.CurrentValue is { } storedIndex && storedIndex.AsSpan().SequenceEqual(index)
                && MyNumberProtector.KeyIdOf(ciphertextProperty.CurrentValue) == protector.CurrentKeyId)
                continue;
            indexProperty.CurrentValue = index;
            // A row written under an older key gets the current one when it is next saved (key rotation, docs/storage.md).
            ciphertextProperty.CurrentValue = protector.Encrypt(entry.Entity.MyNumber, entry.Entity.Id);
        }
        ProtectSecurityCodes(context);
    }

    // A new card's code is encrypted; a changed card's only when its stored value is under an older key (rotation).
    private static void ProtectSecurityCodes(DbContext context)
    {
        MyNumberProtector? protector = null;
        foreach (var entry in context.ChangeTracker.Entries<CardRecord>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            protector ??= Protector(context);
            var ciphertext = entry.Property<byte[]>(SecurityCodeCiphertext);
            if (entry.State == EntityState.Modified && ciphertext.CurrentValue is { Length: > 0 } stored
                && MyNumberProtector.KeyIdOf(stored) == protector.CurrentKeyId)
                continue;
            ciphertext.CurrentValue = protector.EncryptSecurityCode(entry.Entity.SecurityCode, entry.Entity.Id);
        }
    }

    private static MyNumberProtector Protector(DbContext context) =>
        ((MynaDbContext)context).MyNumbers;

    // Resident.MyNumber has a private setter (a record's number never changes); the framework's accessor sets it
    // without reflection, as EF itself would for a mapped property.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_MyNumber")]
    private static extern void SetMyNumber(Resident resident, MyNumber value);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_SecurityCode")]
    private static extern void SetSecurityCode(CardRecord card, string value);
}
