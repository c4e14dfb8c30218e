using Myna.Transparency;

namespace Myna.Transparency.Tests;

/// <summary>
/// The verifiers refuse every single-bit change of a proof, a leaf or a root, and every wrong index, size, missing,
/// added or reordered hash.
/// </summary>
public class TamperTests
{
    public static TheoryData<int, int> InclusionCases => new() { { 0, 1 }, { 0, 2 }, { 1, 2 }, { 2, 3 }, { 5, 8 }, { 6, 7 }, { 12, 13 }, { 16, 17 }, { 31, 64 }, { 40, 70 }, { 69, 70 } };

    public static TheoryData<int, int> ConsistencyCases => new() { { 1, 2 }, { 1, 8 }, { 3, 7 }, { 4, 8 }, { 6, 7 }, { 6, 8 }, { 13, 17 }, { 16, 70 }, { 33, 70 }, { 64, 65 }, { 69, 70 } };

    [Theory]
    [MemberData(nameof(InclusionCases))]
    public async Task InclusionVerification_RefusesEverySingleBitChange(int index, int size)
    {
        var (leaf, root, path) = await InclusionAsync(index, size);
        Assert.True(MerkleProofs.VerifyInclusion(index, size, leaf, path, root));
        for (var bit = 0; bit < MerkleHash.Size * 8; bit++)
        {
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf.WithBitFlipped(bit), path, root));
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, path, root.WithBitFlipped(bit)));
            for (var i = 0; i < path.Count; i++)
                Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, Replace(path, i, path[i].WithBitFlipped(bit)), root), $"path[{i}] bit {bit}");
        }
    }

    [Theory]
    [MemberData(nameof(InclusionCases))]
    public async Task InclusionVerification_RefusesAnotherIndexSizeOrShapeOfProof(int index, int size)
    {
        var (leaf, root, path) = await InclusionAsync(index, size);
        foreach (var (i, s) in new (long, long)[] { (index - 1, size), (index + 1, size), (index ^ 2, size), (index, size * 2), (index, size / 2), (size, size) })
            Assert.False(MerkleProofs.VerifyInclusion(i, s, leaf, path, root), $"index {i}, size {s}");
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, [.. path, root], root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, [root, .. path], root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, [.. path, MerkleHash.EmptyTree], root));
        if (path.Count > 0)
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, path.Take(path.Count - 1).ToList(), root));
        if (path.Count > 1)
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, [path[1], path[0], .. path.Skip(2)], root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, path, MerkleHash.EmptyTree));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, default, path, root));
    }

    [Theory]
    [MemberData(nameof(ConsistencyCases))]
    public async Task ConsistencyVerification_RefusesEverySingleBitChange(int oldSize, int newSize)
    {
        var (oldRoot, newRoot, path) = await ConsistencyAsync(oldSize, newSize);
        Assert.True(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, path));
        for (var bit = 0; bit < MerkleHash.Size * 8; bit++)
        {
            Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot.WithBitFlipped(bit), newRoot, path));
            Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot.WithBitFlipped(bit), path));
            for (var i = 0; i < path.Count; i++)
                Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, Replace(path, i, path[i].WithBitFlipped(bit))), $"path[{i}] bit {bit}");
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyCases))]
    public async Task ConsistencyVerification_RefusesOtherSizesRootsOrShapesOfProof(int oldSize, int newSize)
    {
        var (oldRoot, newRoot, path) = await ConsistencyAsync(oldSize, newSize);
        foreach (var (o, n) in new (long, long)[] { (oldSize - 1, newSize), (oldSize + 1, newSize), (oldSize ^ 2, newSize), (oldSize, newSize * 2), (oldSize, newSize / 2), (newSize, oldSize) })
            Assert.False(MerkleProofs.VerifyConsistency(o, n, oldRoot, newRoot, path), $"{o} to {n}");
        Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, newRoot, oldRoot, path));
        Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, []));
        Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, path.Take(path.Count - 1).ToList()));
        foreach (var extra in new[] { oldRoot, newRoot, path[0], MerkleHash.EmptyTree })
        {
            Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [.. path, extra]));
            Assert.False(MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [extra, .. path]));
        }
    }

    [Fact]
    public void ConsistencyVerification_OfTrivialSizes_NeedsEmptyProofsAndMatchingRoots()
    {
        var some = MerkleHash.OfLeaf("some"u8);
        Assert.True(MerkleProofs.VerifyConsistency(0, 0, MerkleHash.EmptyTree, MerkleHash.EmptyTree, []));
        Assert.True(MerkleProofs.VerifyConsistency(0, 1, MerkleHash.EmptyTree, some, []));
        Assert.True(MerkleProofs.VerifyConsistency(1, 1, some, some, []));
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, some, some, []));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, some, MerkleHash.EmptyTree, []));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, some, some, [some]));
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, MerkleHash.EmptyTree, some, [some]));
        Assert.False(MerkleProofs.VerifyConsistency(1, 0, some, MerkleHash.EmptyTree, []));
    }

    private static List<MerkleHash> Replace(IReadOnlyList<MerkleHash> path, int i, MerkleHash hash) =>
        [.. path.Take(i), hash, .. path.Skip(i + 1)];

    private static async Task<(MerkleHash Leaf, MerkleHash Root, IReadOnlyList<MerkleHash> Path)> InclusionAsync(int index, int size)
    {
        var tree = await TestTrees.BuildAsync(size);
        var proof = await tree.GetInclusionProofAsync(index, size);
        return (await tree.GetLeafHashAsync(index), await tree.GetRootAsync(size), proof.Path);
    }

    private static async Task<(MerkleHash OldRoot, MerkleHash NewRoot, IReadOnlyList<MerkleHash> Path)> ConsistencyAsync(int oldSize, int newSize)
    {
        var tree = await TestTrees.BuildAsync(newSize);
        var proof = await tree.GetConsistencyProofAsync(oldSize, newSize);
        return (await tree.GetRootAsync(oldSize), await tree.GetRootAsync(newSize), proof.Path);
    }
}
