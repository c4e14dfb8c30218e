namespace Myna.Storage.Audit;

/// <summary>Who acted: a staff member by user name, the system itself, the call centre (コールセンター), a holder in the portal or at a kiosk.</summary>
/// <remarks><c>default</c> has no name and is refused by <see cref="AuditTrail"/>.</remarks>
public readonly record struct AuditActor
{
    /// <summary>The longest name stored.</summary>
    public const int MaxLength = 64;

    private AuditActor(string name) => Name = name;

    public string Name { get; }

    /// <summary>Myna itself (timers, batch jobs).</summary>
    public static AuditActor System { get; } = new("system");

    /// <summary>The call centre that suspends a lost card by telephone (L1).</summary>
    public static AuditActor CallCentre { get; } = new("call-centre");

    /// <summary>A card holder acting in the portal, named by their portal account: never by name or My Number.</summary>
    public static AuditActor Holder(Guid accountId) => new(HolderPrefix + accountId.ToString("N"));

    /// <summary>The start of a holder's actor name (staff user names have no colon).</summary>
    public const string HolderPrefix = "holder:";

    /// <summary>A card holder at a store's multi-copy machine, named by the machine (the holder is the entry's subject).</summary>
    public static AuditActor KioskMachine(Guid machineId) => new(KioskPrefix + machineId.ToString("N"));

    /// <summary>The start of a kiosk machine's actor name.</summary>
    public const string KioskPrefix = "kiosk:";

    /// <summary>A patient at a clinic's reception terminal, named by the terminal (the patient is the entry's subject).</summary>
    public static AuditActor Terminal(Guid terminalId) => new(TerminalPrefix + terminalId.ToString("N"));

    /// <summary>The start of a reception terminal's actor name.</summary>
    public const string TerminalPrefix = "terminal:";

    /// <summary>A staff member by user name.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, has control characters or is a reserved name.</exception>
    public static AuditActor Staff(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (userName.Length > MaxLength || userName.Any(char.IsControl))
            throw new ArgumentException($"A staff user name has at most {MaxLength} characters and no control characters.", nameof(userName));
        if (userName == System.Name || userName == CallCentre.Name)
            throw new ArgumentException("'system' and 'call-centre' are not staff user names.", nameof(userName));
        return new AuditActor(userName);
    }

    public override string ToString() => Name ?? "";
}

/// <summary>What was acted upon: a kind (<c>resident</c>, <c>card</c>, <c>certificate</c>) and its internal id.</summary>
public readonly record struct AuditSubject
{
    public const int MaxKindLength = 32;
    public const int MaxIdLength = 128;

    /// <exception cref="ArgumentException">Kind or id empty or too long.</exception>
    public AuditSubject(string kind, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (kind.Length > MaxKindLength)
            throw new ArgumentException($"A subject kind has at most {MaxKindLength} characters.", nameof(kind));
        if (id.Length > MaxIdLength)
            throw new ArgumentException($"A subject id has at most {MaxIdLength} characters.", nameof(id));
        Kind = kind;
        Id = id;
    }

    public string Kind { get; }

    public string Id { get; }

    /// <summary>A resident, by the registry's id in the one form the trail is read by (32 hex digits, no hyphens).</summary>
    public static AuditSubject Resident(Guid residentId) => new("resident", residentId.ToString("N"));
}
