using Myna.Transparency;

namespace Myna.Transparency.Tests;

/// <summary>
/// The store-based tree against the RFC's recursive definition (<see cref="ReferenceTree"/>) for every size, index
/// and old size up to <see cref="MaxSize"/>, and its cost in store calls.
/// </summary>
public class MerkleTreeTests
{
    private const int MaxSize = 70;

    [Fact]
    public async Task Roots_OfEverySize_EqualTheReference()
    {
        var leaves = TestTrees.LeafHashes(MaxSize);
        var tree = await TestTrees.BuildAsync(MaxSize);
        for (var size = 0; size <= MaxSize; size++)
            Assert.Equal(ReferenceTree.Root(leaves.AsSpan(0, size)), await tree.GetRootAsync(size));
    }

    [Fact]
    public async Task Roots_WhileGrowingOneLeafAtATime_EqualTheReference()
    {
        var leaves = TestTrees.LeafHashes(MaxSize);
        var tree = new MerkleTree(new InMemoryMerkleNodeStore());
        for (var size = 1; size <= MaxSize; size++)
        {
            Assert.Equal(size - 1, await tree.AppendAsync(TestTrees.Entry(size - 1)));
            Assert.Equal(size, await tree.GetSizeAsync());
            Assert.Equal(ReferenceTree.Root(leaves.AsSpan(0, size)), await tree.GetRootAsync(size));
        }
    }

    [Fact]
    public async Task InclusionProofs_ForEverySizeAndIndex_EqualTheReference_AndVerify()
    {
        var leaves = TestTrees.LeafHashes(MaxSize);
        var tree = await TestTrees.BuildAsync(MaxSize);
        for (var size = 1; size <= MaxSize; size++)
        {
            var root = ReferenceTree.Root(leaves.AsSpan(0, size));
            for (var index = 0; index < size; index++)
            {
                var proof = await tree.GetInclusionProofAsync(index, size);
                Assert.Equal(ReferenceTree.InclusionPath(index, leaves.AsSpan(0, size)), proof.Path);
                Assert.True(proof.Verify(leaves[index], root), $"leaf {index} of {size}");
                // Another leaf at the same place does not verify.
                Assert.False(proof.Verify(leaves[(index + 1) % MaxSize], root), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public async Task ConsistencyProofs_ForEveryPairOfSizes_EqualTheReference_AndVerify()
    {
        var leaves = TestTrees.LeafHashes(MaxSize);
        var tree = await TestTrees.BuildAsync(MaxSize);
        for (var newSize = 0; newSize <= MaxSize; newSize++)
        {
            var newRoot = ReferenceTree.Root(leaves.AsSpan(0, newSize));
            for (var oldSize = 0; oldSize <= newSize; oldSize++)
            {
                var proof = await tree.GetConsistencyProofAsync(oldSize, newSize);
                Assert.Equal(ReferenceTree.ConsistencyPath(oldSize, leaves.AsSpan(0, newSize)), proof.Path);
                Assert.True(proof.Verify(ReferenceTree.Root(leaves.AsSpan(0, oldSize)), newRoot), $"{oldSize} to {newSize}");
            }
        }
    }

    [Fact]
    public async Task ConsistencyProof_FromARewrittenHistory_DoesNotVerify()
    {
        var honest = TestTrees.LeafHashes(MaxSize);
        var rewritten = (MerkleHash[])honest.Clone();
        rewritten[3] = MerkleHash.OfLeaf("what the operator wishes it had written"u8);
        var tree = new MerkleTree(new InMemoryMerkleNodeStore());
        await tree.AppendLeafHashesAsync(rewritten);
        for (var oldSize = 4; oldSize < MaxSize; oldSize += 7)
        {
            var proof = await tree.GetConsistencyProofAsync(oldSize, MaxSize);
            Assert.False(proof.Verify(ReferenceTree.Root(honest.AsSpan(0, oldSize)), await tree.GetRootAsync(MaxSize)));
        }
    }

    [Fact]
    public async Task AppendMany_InOneWrite_BuildsTheSameTreeAsOneAtATime()
    {
        var oneByOne = new CountingStore(new InMemoryMerkleNodeStore());
        var tree = new MerkleTree(oneByOne);
        for (var i = 0; i < 37; i++)
            await tree.AppendAsync(TestTrees.Entry(i));
        var batched = new CountingStore(new InMemoryMerkleNodeStore());
        var batchedTree = new MerkleTree(batched);
        Assert.Equal(0, await batchedTree.AppendManyAsync(Enumerable.Range(0, 20).Select(i => TestTrees.Entry(i))));
        Assert.Equal(20, await batchedTree.AppendManyAsync(Enumerable.Range(20, 17).Select(i => TestTrees.Entry(i))));

        Assert.Equal(await tree.GetRootAsync(37), await batchedTree.GetRootAsync(37));
        Assert.Equal(2, batched.WriteCalls);
        // Each leaf and each complete subtree once: 37 leaves make 36 - (bits set in 37) + 1 … counted exactly below.
        Assert.Equal(oneByOne.NodesWritten, batched.NodesWritten);
        Assert.Equal(2 * 37 - System.Numerics.BitOperations.PopCount(37u), batched.NodesWritten);
    }

    [Fact]
    public async Task Store_RefusesANodeItAlreadyHas_AndStoresNothingOfThatCall()
    {
        var store = new InMemoryMerkleNodeStore();
        var tree = new MerkleTree(store);
        await tree.AppendAsync("a"u8);
        // A second appender that also thinks leaf 0 is free: the primary key stops it.
        var stale = new MerkleNode(new NodeId(0, 1), MerkleHash.OfLeaf("b"u8));
        var clash = new MerkleNode(new NodeId(0, 0), MerkleHash.OfLeaf("c"u8));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddNodesAsync([stale, clash]));
        Assert.Equal(1, await store.GetTreeSizeAsync());
        Assert.Equal(MerkleHash.OfLeaf("a"u8), await tree.GetLeafHashAsync(0));
    }

    [Fact]
    public async Task Proofs_BeyondTheTree_AreRefused()
    {
        var tree = await TestTrees.BuildAsync(5);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.GetRootAsync(6));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.GetInclusionProofAsync(5, 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.GetInclusionProofAsync(0, 6));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.GetConsistencyProofAsync(4, 6));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tree.GetConsistencyProofAsync(5, 4));
    }

    [Fact]
    public async Task OnAMillionLeaves_EachRootAndProof_IsOneStoreReadOfLogarithmicallyManyNodes()
    {
        const int size = 1_000_000;
        var store = new CountingStore(new InMemoryMerkleNodeStore());
        var tree = new MerkleTree(store);
        for (var start = 0; start < size; start += 50_000)
            await tree.AppendManyAsync(Enumerable.Range(start, 50_000).Select(i => TestTrees.Entry(i)));
        // log2(1,000,000) < 20: a proof's hashes plus the complete subtrees of the one ragged right range.
        const int bound = 2 * 20;

        store.Reset();
        await tree.AppendAsync(TestTrees.Entry(size));
        Assert.Equal((1, 1), (store.ReadCalls, store.WriteCalls));
        Assert.InRange(store.NodesRead, 1, 20);
        Assert.InRange(store.NodesWritten, 1, 21);

        foreach (var treeSize in new long[] { size, size - 1, 999_937, 524_288 })
        {
            store.Reset();
            var root = await tree.GetRootAsync(treeSize);
            Assert.Equal((1, 0), (store.ReadCalls, store.WriteCalls));
            Assert.InRange(store.NodesRead, 1, 20);

            foreach (var index in new long[] { 0, 1, treeSize / 2, treeSize - 2, treeSize - 1 })
            {
                store.Reset();
                var proof = await tree.GetInclusionProofAsync(index, treeSize);
                Assert.Equal(1, store.ReadCalls);
                Assert.InRange(store.NodesRead, 1, bound);
                Assert.True(proof.Verify(MerkleHash.OfLeaf(TestTrees.Entry(index)), root));
            }
            foreach (var oldSize in new long[] { 1, 3, 65_536, treeSize * 7 / 10 + 1, treeSize - 1 })
            {
                store.Reset();
                var proof = await tree.GetConsistencyProofAsync(oldSize, treeSize);
                Assert.Equal(1, store.ReadCalls);
                Assert.InRange(store.NodesRead, 1, bound);
                Assert.True(proof.Verify(await tree.GetRootAsync(oldSize), root));
            }
        }
    }
}
