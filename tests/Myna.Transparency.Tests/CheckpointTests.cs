using Myna.Transparency;
using Myna.Transparency.Notes;

namespace Myna.Transparency.Tests;

/// <summary>Checkpoint bodies, strictly read, signed and opened; and a real checkpoint of the Go checksum database.</summary>
public class CheckpointTests
{
    private const string Origin = "myna.example/exchange-log";

    // A checkpoint that sum.golang.org signed, with its published verifier key: a signed note made by another
    // implementation, checked by this one.
    private const string GoSumDbKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
    private const string GoSumDbCheckpoint =
        "go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n" +
        "— sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n";

    private static readonly MerkleHash Root = MerkleHash.OfLeaf("root"u8);

    [Fact]
    public void Body_IsOriginSizeAndRoot_EachEndingInANewline()
    {
        var checkpoint = new Checkpoint(Origin, 20852163, Root);
        Assert.Equal($"{Origin}\n20852163\n{Root.ToBase64()}\n", checkpoint.ToBody());
        Assert.Equal(checkpoint, Checkpoint.ParseBody(checkpoint.ToBody()));
    }

    [Fact]
    public void Body_WithExtensions_RoundTrips()
    {
        var checkpoint = new Checkpoint(Origin, 0, MerkleHash.EmptyTree, ["extension one", "two"]);
        Assert.EndsWith("\nextension one\ntwo\n", checkpoint.ToBody(), StringComparison.Ordinal);
        Assert.Equal(checkpoint, Checkpoint.ParseBody(checkpoint.ToBody()));
        Assert.NotEqual(checkpoint, new Checkpoint(Origin, 0, MerkleHash.EmptyTree));
    }

    public static TheoryData<string> MalformedBodies => new()
    {
        "",
        $"{Origin}\n5\n",
        $"{Origin}\n5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=",
        $"\n5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n05\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n-5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n+5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n 5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n",
        $"{Origin}\n99999999999999999999\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVc=\n",
        $"{Origin}\n5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVct=\n",
        $"{Origin}\n5\nqINS1GRFhWHwdkUeqLEoP4yEM kTBBzxBkGwGQlVlVcs=\n",
        $"{Origin}\n5\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\r\n",
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void ParseBody_OfAMalformedBody_Throws(string body) => Assert.Throws<FormatException>(() => Checkpoint.ParseBody(body));

    [Fact]
    public void Open_ARealCheckpointOfTheGoChecksumDatabase()
    {
        var checkpoint = Checkpoint.Open(GoSumDbCheckpoint, "go.sum database tree", [NoteVerifier.Parse(GoSumDbKey)]);
        Assert.Equal(31700353, checkpoint.TreeSize);
        Assert.Equal(MerkleHash.FromBase64("qINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs="), checkpoint.RootHash);
        var changed = GoSumDbCheckpoint.Replace("31700353", "31700354", StringComparison.Ordinal);
        Assert.Equal(SignedNoteError.InvalidSignature, Assert.Throws<SignedNoteException>(() => Checkpoint.Open(changed, "go.sum database tree", [NoteVerifier.Parse(GoSumDbKey)])).Error);
    }

    [Fact]
    public void SignAndOpen_RoundTrip()
    {
        var signer = NoteSigner.Generate(Origin);
        var checkpoint = new Checkpoint(Origin, 42, Root);
        var note = checkpoint.Sign(signer);
        Assert.StartsWith(checkpoint.ToBody() + "\n— " + Origin + " ", note, StringComparison.Ordinal);
        Assert.Equal(checkpoint, Checkpoint.Open(note, Origin, [signer.Verifier]));
    }

    [Fact]
    public void Open_OfAnotherLogsCheckpoint_IsRefused()
    {
        var signer = NoteSigner.Generate(Origin);
        var note = new Checkpoint("other.example/log", 42, Root).Sign(signer);
        Assert.Equal(SignedNoteError.WrongOrigin, Assert.Throws<SignedNoteException>(() => Checkpoint.Open(note, Origin, [signer.Verifier])).Error);
    }

    [Fact]
    public void Open_SignedByAnImpostorOfTheSameName_IsRefused()
    {
        var log = NoteSigner.Generate(Origin);
        var impostor = NoteSigner.Generate(Origin);
        var note = new Checkpoint(Origin, 42, Root).Sign(impostor);
        Assert.Equal(SignedNoteError.NoKnownSignature, Assert.Throws<SignedNoteException>(() => Checkpoint.Open(note, Origin, [log.Verifier])).Error);
    }

    [Fact]
    public void Open_OfASignedNoteThatIsNoCheckpoint_IsRefusedAsMalformed()
    {
        var signer = NoteSigner.Generate(Origin);
        var note = SignedNote.Sign($"{Origin}\nforty-two\n{Root.ToBase64()}\n", signer);
        Assert.Equal(SignedNoteError.Malformed, Assert.Throws<SignedNoteException>(() => Checkpoint.Open(note, Origin, [signer.Verifier])).Error);
    }
}
