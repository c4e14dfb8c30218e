using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Myna.Registry.Cards;
using Myna.Registry.Residents;

namespace Myna.Storage.Registry;

/// <summary>
/// The guard of a context made without <see cref="MyNumberMapping"/> (<see cref="MynaDbContextFactory.CreateReadingContext"/>):
/// a query that would materialise a resident or a card fails when EF compiles it (a resident would come back without its
/// My Number, a card without its security code), and a save fails (a new resident would be written unencrypted). Both
/// checks run when a query is compiled or a save begins, never per row.
/// </summary>
internal sealed class ReadsNoMyNumber : IInstantiationBindingInterceptor, ISaveChangesInterceptor
{
    public static readonly ReadsNoMyNumber Instance = new();

    private ReadsNoMyNumber()
    {
    }

    public InstantiationBinding ModifyBinding(InstantiationBindingInterceptionData interceptionData, InstantiationBinding binding)
    {
        var type = interceptionData.TypeBase.ClrType;
        if (type == typeof(Resident) || type == typeof(CardRecord))
            throw new InvalidOperationException($"A reading context does not materialise {type.Name}: its My Number or security code is decrypted only by a context of CreateDbContext.");
        return binding;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) => throw Refused();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) => throw Refused();

    private static InvalidOperationException Refused() => new("A reading context saves nothing: a context of CreateDbContext encrypts what it saves.");
}
