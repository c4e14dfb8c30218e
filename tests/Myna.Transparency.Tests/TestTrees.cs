using System.Text;
using Myna.Transparency;

namespace Myna.Transparency.Tests;

/// <summary>Trees of made-up entries for the tests.</summary>
internal static class TestTrees
{
    public static byte[] Entry(long i) => Encoding.UTF8.GetBytes($"entry {i}");

    public static MerkleHash[] LeafHashes(int count) => [.. Enumerable.Range(0, count).Select(i => MerkleHash.OfLeaf(Entry(i)))];

    public static async Task<MerkleTree> BuildAsync(int size, IMerkleNodeStore? store = null)
    {
        var tree = new MerkleTree(store ?? new InMemoryMerkleNodeStore());
        await tree.AppendManyAsync(Enumerable.Range(0, size).Select(i => Entry(i)));
        return tree;
    }
}
