using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Eligibility;

namespace Myna.OnlineEligibility.Terminals;

/// <summary>A terminal as the service knows it once its credentials are checked: which institution it stands in.</summary>
public sealed record KnownTerminal(Guid Id, int Number, MedicalInstitution Institution);

/// <summary>A terminal just registered, with the secret it authenticates with (shown once).</summary>
public sealed record RegisteredTerminal(Guid Id, Guid InstitutionId, int Number, string Secret)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public TerminalCredentials Credentials => new(Id, Secret);
}

/// <summary>The medical institutions that check insurance with the card, and their reception terminals.</summary>
/// <remarks>
/// A terminal authenticates on every call, thousands of times a second at a national peak; so a terminal found is kept
/// <see cref="KnownFor"/> with its secret's hash (the secret is hashed and compared every time, never kept), at most
/// <see cref="MaxKnown"/> of them. Registering terminals here forgets them all; a change made by another process shows
/// within <see cref="KnownFor"/>. Unknown terminals and wrong secrets are never kept: each is asked of the database.
/// </remarks>
public sealed class Institutions(IDbContextFactory<MynaDbContext> contexts, TimeProvider? clock = null)
{
    /// <summary>How long a terminal found in the database is believed without asking it again.</summary>
    public static readonly TimeSpan KnownFor = TimeSpan.FromSeconds(30);

    /// <summary>The most terminals kept at once (all are forgotten when more come).</summary>
    public const int MaxKnown = 100_000;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<Guid, Known> _known = new();

    private sealed record Known(KnownTerminal Terminal, byte[] SecretHash, DateTimeOffset Until);

    /// <summary>Whether <paramref name="code"/> is a medical institution code: 10 digits, the fee table's digit 1, 3 or 4.</summary>
    public static bool IsInstitutionCode(string? code) =>
        code is { Length: 10 } && code.All(char.IsAsciiDigit) && code[2] is '1' or '3' or '4';

    /// <summary>Adds an institution (or finds it by code) and gives it <paramref name="terminals"/> new terminals.</summary>
    /// <exception cref="ArgumentException">Not a medical institution code, or no name.</exception>
    public async Task<IReadOnlyList<RegisteredTerminal>> AddAsync(
        string code, string name, InstitutionKind kind, int terminals, CancellationToken cancellationToken = default)
    {
        if (!IsInstitutionCode(code))
            throw new ArgumentException("A medical institution code has 10 digits, the third 1, 3 or 4.", nameof(code));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(terminals, 1);
        await using var db = contexts.CreateDbContext();
        var institution = await db.Set<MedicalInstitution>().SingleOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (institution is null)
        {
            institution = new MedicalInstitution { Id = Guid.NewGuid(), Code = code, Name = name, Kind = kind };
            db.Add(institution);
        }
        var next = await db.Set<ReceptionTerminal>().Where(t => t.InstitutionId == institution.Id).MaxAsync(t => (int?)t.Number, cancellationToken) ?? 0;
        var added = new List<RegisteredTerminal>();
        for (var i = 1; i <= terminals; i++)
        {
            var (secret, hash) = DeviceSecrets.New();
            var row = new ReceptionTerminal { Id = Guid.NewGuid(), InstitutionId = institution.Id, Number = next + i, SecretHash = hash };
            db.Add(row);
            added.Add(new RegisteredTerminal(row.Id, institution.Id, row.Number, secret));
        }
        await db.SaveChangesAsync(cancellationToken);
        Forget();
        return added;
    }

    /// <summary>Every institution with its number of terminals, by code.</summary>
    public async Task<IReadOnlyList<(MedicalInstitution Institution, int Terminals)>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var institutions = await db.Set<MedicalInstitution>().AsNoTracking().ToListAsync(cancellationToken);
        var counts = await db.Set<ReceptionTerminal>().GroupBy(t => t.InstitutionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. institutions.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i => (i, counts.GetValueOrDefault(i.Id)))];
    }

    /// <summary>The terminal these credentials belong to; null for an unknown terminal or a wrong secret.</summary>
    public async Task<KnownTerminal?> AuthenticateAsync(TerminalCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (credentials.Secret is not { Length: > 0 and <= DeviceSecrets.MaxLength })
            return null;
        var now = _clock.GetUtcNow();
        // A clock set back (the sandbox's can be) must not keep a terminal longer.
        if (_known.TryGetValue(credentials.TerminalId, out var known) && now < known.Until && now >= known.Until - KnownFor)
            return DeviceSecrets.Matches(credentials.Secret, known.SecretHash) ? known.Terminal : null;
        await using var db = contexts.CreateDbContext();
        var found = await (from t in db.Set<ReceptionTerminal>().AsNoTracking()
                           join i in db.Set<MedicalInstitution>().AsNoTracking() on t.InstitutionId equals i.Id
                           where t.Id == credentials.TerminalId
                           select new { Terminal = t, Institution = i }).SingleOrDefaultAsync(cancellationToken);
        if (found is null || !DeviceSecrets.Matches(credentials.Secret, found.Terminal.SecretHash))
            return null;
        var terminal = new KnownTerminal(found.Terminal.Id, found.Terminal.Number, found.Institution);
        if (_known.Count >= MaxKnown)
            _known.Clear();
        _known[terminal.Id] = new Known(terminal, found.Terminal.SecretHash, now + KnownFor);
        return terminal;
    }

    /// <summary>Forgets the terminals kept: whatever changes a terminal or an institution calls it.</summary>
    public void Forget() => _known.Clear();
}
