using System.Text;
using Myna.Transparency;

namespace Myna.Transparency.Tests;

/// <summary>
/// The standard test vectors of RFC 6962/9162 Merkle trees (the eight-leaf tree that Certificate Transparency
/// implementations share), through the store-based tree and the static verifiers.
/// </summary>
public class Rfc9162VectorTests
{
    private static readonly string[] LeafData =
        ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    // The root of the tree of the first n leaves, n = 1..8.
    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 0, 1, [] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    [Fact]
    public void Hashing_MatchesTheRfcPrefixes()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MerkleHash.EmptyTree.ToHex());
        // The empty leaf is not the empty tree.
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", MerkleHash.OfLeaf([]).ToHex());
        Assert.Equal("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56", MerkleHash.OfLeaf("L123456"u8).ToHex());
    }

    [Fact]
    public void NodeHash_IsSha256OfOneAndBothChildren()
    {
        // The children here are not 32 bytes, so the node hash is checked against SHA-256 directly: 0x01 || "N123" || "N456".
        var expected = "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb";
        Assert.Equal(expected, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0x01, .. Encoding.ASCII.GetBytes("N123N456")])));
        var left = MerkleHash.OfLeaf("a"u8);
        var right = MerkleHash.OfLeaf("b"u8);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0x01, .. left.Bytes, .. right.Bytes])),
            MerkleHash.OfChildren(left, right).ToHex());
        Assert.NotEqual(MerkleHash.OfChildren(left, right), MerkleHash.OfChildren(right, left));
    }

    [Fact]
    public async Task Roots_OfEveryPrefix_MatchTheVectors()
    {
        var tree = await BuildAsync();
        for (var size = 1; size <= 8; size++)
            Assert.Equal(Roots[size - 1], (await tree.GetRootAsync(size)).ToHex());
        Assert.Equal(MerkleHash.EmptyTree, await tree.GetRootAsync(0));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public async Task InclusionProofs_MatchTheVectors_AndVerify(long index, long size, string[] expected)
    {
        var tree = await BuildAsync();
        var proof = await tree.GetInclusionProofAsync(index, size);
        Assert.Equal(expected, proof.Path.Select(h => h.ToHex()));
        Assert.True(proof.Verify(Leaf(index), MerkleHash.FromHex(Roots[size - 1])));
        Assert.True(MerkleProofs.VerifyInclusion(index, size, Leaf(index), [.. expected.Select(MerkleHash.FromHex)], MerkleHash.FromHex(Roots[size - 1])));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public async Task ConsistencyProofs_MatchTheVectors_AndVerify(long oldSize, long newSize, string[] expected)
    {
        var tree = await BuildAsync();
        var proof = await tree.GetConsistencyProofAsync(oldSize, newSize);
        Assert.Equal(expected, proof.Path.Select(h => h.ToHex()));
        Assert.True(proof.Verify(MerkleHash.FromHex(Roots[oldSize - 1]), MerkleHash.FromHex(Roots[newSize - 1])));
    }

    private static MerkleHash Leaf(long index) => MerkleHash.OfLeaf(Convert.FromHexString(LeafData[index]));

    private static async Task<MerkleTree> BuildAsync()
    {
        var tree = new MerkleTree(new InMemoryMerkleNodeStore());
        await tree.AppendManyAsync(LeafData.Select(Convert.FromHexString));
        return tree;
    }
}
