using Myna.ConvenienceIssuance;
using Myna.ConvenienceIssuance.Stores;
using Myna.Primitives.Text;

namespace Myna.Server.Kiosk;

/// <summary>A sandbox machine the kiosk page can stand at: its credentials and where it stands.</summary>
/// <param name="Id">The machine's id.</param>
/// <param name="Credentials">What the machine authenticates with to the issuance centre (kept in the server only).</param>
/// <param name="Place">The store and the machine's number, as signs write them.</param>
public sealed record SandboxMachine(Guid Id, MachineCredentials Credentials, LocalizedText Place);

/// <summary>
/// The machines <see cref="ConvenienceIssuance.Sandbox.SandboxKiosk.SeedAsync"/> registered (read back from its
/// credentials file at each start), for the kiosk page; empty outside the sandbox.
/// </summary>
public sealed class SandboxMachines
{
    private volatile IReadOnlyList<SandboxMachine> _all = [];

    /// <summary>The machines, in the order the sandbox registered them.</summary>
    public IReadOnlyList<SandboxMachine> All => _all;

    /// <summary>The machine <paramref name="id"/>, or null.</summary>
    public SandboxMachine? Find(Guid id) => _all.FirstOrDefault(m => m.Id == id);

    /// <summary>Fills the list once the store network knows the machines (at start).</summary>
    internal async Task FillAsync(IReadOnlyList<RegisteredMachine> registered, StoreNetwork stores, CancellationToken cancellationToken)
    {
        var machines = new List<SandboxMachine>();
        foreach (var machine in registered)
        {
            if (await stores.AuthenticateAsync(machine.Credentials, cancellationToken) is { } known)
                machines.Add(new SandboxMachine(machine.Id, machine.Credentials, known.Describe()));
        }
        _all = machines;
    }
}
