using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Hosting;
using Myna.Storage;
using Myna.Storage.Eligibility;

namespace Myna.OnlineEligibility.Terminals;

/// <summary>
/// The sandbox's clinic and pharmacy with their reception terminals, registered on the first start; their credentials are
/// kept in the data directory (owner-only) so that the server's own terminal page can use them.
/// </summary>
public static class SandboxClinics
{
    private static readonly (string Code, string Name, InstitutionKind Kind)[] Places =
    [
        ("0711234567", "あさひ内科クリニック", InstitutionKind.Clinic),
        ("0741234568", "さくら薬局 郡山駅前店", InstitutionKind.Pharmacy),
    ];

    /// <summary>The credentials file in the data directory.</summary>
    public static string CredentialsPath(MynaHome home) => Path.Combine(home.Root, "eligibility", "sandbox-terminals.json");

    /// <summary>Registers the sandbox's institutions and a terminal each on the first start; later starts read them back.</summary>
    public static async Task<IReadOnlyList<RegisteredTerminal>> SeedAsync(
        Institutions institutions, IDbContextFactory<MynaDbContext> contexts, MynaHome home, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        ArgumentNullException.ThrowIfNull(home);
        var path = CredentialsPath(home);
        if (File.Exists(path))
            return JsonSerializer.Deserialize<List<RegisteredTerminal>>(await File.ReadAllBytesAsync(path, cancellationToken)) ?? [];
        await using (var db = contexts.CreateDbContext())
        {
            // Institutions without the file: registered by someone else (or the file was lost); the sandbox adds none.
            if (await db.Set<MedicalInstitution>().AnyAsync(cancellationToken))
                return [];
        }
        var terminals = new List<RegisteredTerminal>();
        foreach (var (code, name, kind) in Places)
            terminals.AddRange(await institutions.AddAsync(code, name, kind, 1, cancellationToken));
        MynaHome.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        MynaHome.WriteNewPrivateFile(path, JsonSerializer.SerializeToUtf8Bytes(terminals));
        return terminals;
    }
}
