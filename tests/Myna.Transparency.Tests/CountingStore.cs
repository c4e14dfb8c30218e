using Myna.Transparency;

namespace Myna.Transparency.Tests;

/// <summary>A store that counts its calls and the nodes they move: each call stands for one database round-trip.</summary>
internal sealed class CountingStore(IMerkleNodeStore inner) : IMerkleNodeStore
{
    public int ReadCalls { get; private set; }

    public int NodesRead { get; private set; }

    public int WriteCalls { get; private set; }

    public int NodesWritten { get; private set; }

    public void Reset() => (ReadCalls, NodesRead, WriteCalls, NodesWritten) = (0, 0, 0, 0);

    public Task<long> GetTreeSizeAsync(CancellationToken cancellationToken = default) => inner.GetTreeSizeAsync(cancellationToken);

    public Task<IReadOnlyList<MerkleHash>> GetNodesAsync(IReadOnlyList<NodeId> ids, CancellationToken cancellationToken = default)
    {
        ReadCalls++;
        NodesRead += ids.Count;
        return inner.GetNodesAsync(ids, cancellationToken);
    }

    public Task AddNodesAsync(IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken = default)
    {
        WriteCalls++;
        NodesWritten += nodes.Count;
        return inner.AddNodesAsync(nodes, cancellationToken);
    }
}
