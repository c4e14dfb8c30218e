using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Storage;
using Myna.Storage.Coordination;
using Myna.Window.Chips;

namespace Myna.Window.Procedures;

/// <summary>What every window procedure works with: the database, the issuing system and its authorities, the clock.</summary>
/// <param name="Contexts">One context per unit of work.</param>
/// <param name="Issuing">The chips and the certificate authorities.</param>
/// <param name="Certificates">The registry of issued and revoked certificates that CRL and OCSP read.</param>
/// <param name="Clock">The day and instant of the procedures (the sandbox clock on a server).</param>
/// <param name="Crash">Named points where the crash harness may kill the process; <see cref="CrashPoints.None"/> normally.</param>
/// <param name="Log">Where recovery and failed roll-backs are logged; never a My Number or PIN.</param>
public sealed record WindowServices(
    IDbContextFactory<MynaDbContext> Contexts,
    IssuingSystem Issuing,
    CertificateRegistry Certificates,
    TimeProvider Clock,
    CrashPoints Crash,
    ILogger Log)
{
    private CardImages? _cardImages;

    /// <summary>Where the chips live: the data directory's card files unless set (the database, for several servers).</summary>
    public CardImages CardImages
    {
        get => _cardImages ??= new CardFiles(Issuing);
        init => _cardImages = value;
    }

    /// <summary>
    /// The leases of the database: a procedure holds one while its intent exists, so that the recovery of a process
    /// starting beside running ones settles only the intents of processes that died (one process alone by default).
    /// </summary>
    public WorkLeases Leases { get; init; } = SingleProcessWorkLeases.Instance;

    /// <summary>The services without crash points and with no log.</summary>
    public WindowServices(IDbContextFactory<MynaDbContext> contexts, IssuingSystem issuing, CertificateRegistry certificates, TimeProvider clock)
        : this(contexts, issuing, certificates, clock, CrashPoints.None, NullLogger.Instance)
    {
    }
}
