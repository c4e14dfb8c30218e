using Myna.Storage.Coordination;

namespace Myna.Server.Coordination;

/// <summary>
/// This process's presence among the processes on the database, joined at start and held until the host stops, so
/// that a process starting beside running ones knows it is not alone (and leaves their row claims alone).
/// </summary>
internal sealed class ProcessPresence(WorkLeases leases) : IAsyncDisposable
{
    private Presence? _presence;

    /// <summary>Joins; whether no other process was present.</summary>
    public async Task<bool> JoinAsync(CancellationToken cancellationToken)
    {
        _presence ??= await leases.JoinAsync(cancellationToken);
        return _presence.Alone;
    }

    public async ValueTask DisposeAsync()
    {
        if (_presence is not null)
            await _presence.DisposeAsync();
        _presence = null;
    }
}
