using Microsoft.EntityFrameworkCore;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Storage;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>Where a holder's family register (戸籍) is kept, and how many people remain in it (U2.5, U2.6④).</summary>
public sealed record FamilyRegisterFacts(FamilyRegister Register, FamilyRegisterMember Member)
{
    public LocalGovernmentCode Municipality => Register.Municipality;

    public int Members => Register.MembersInRegister.Count;

    /// <summary>The register in which <paramref name="residentId"/> is still entered; null for a holder without 本籍 here (a foreign resident, or a register the registry does not keep).</summary>
    public static async Task<FamilyRegisterFacts?> OfAsync(MynaDbContext db, Guid residentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var register = await db.Set<FamilyRegister>().AsNoTracking()
            .Where(r => r.Members.Any(m => m.ResidentId == residentId && !m.IsRemoved))
            .FirstOrDefaultAsync(cancellationToken);
        return register?.MemberFor(residentId) is { } member ? new FamilyRegisterFacts(register, member) : null;
    }
}
