using System.Text;
using Myna.Transparency.Notes;

namespace Myna.Transparency.Tests;

/// <summary>
/// Keys and signed notes against the published examples of the Go note package (the PeterNeumann and EnochRoot
/// keys and their signatures of one text), and the strict reading of malformed ones.
/// </summary>
public class SignedNoteTests
{
    private const string PeterKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string PeterSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string EnochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    private const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string PeterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string EnochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static readonly NoteVerifier Peter = NoteVerifier.Parse(PeterKey);
    private static readonly NoteVerifier Enoch = NoteVerifier.Parse(EnochKey);

    [Fact]
    public void Keys_ReadBack_WithTheirNamesAndIds()
    {
        Assert.Equal(("PeterNeumann", 0xc74f20a3u), (Peter.Name, Peter.KeyId));
        Assert.Equal(PeterKey, Peter.VerifierKey);
        var signer = NoteSigner.Parse(PeterSignerKey);
        Assert.Equal(PeterKey, signer.Verifier.VerifierKey);
        Assert.Equal(PeterSignerKey, signer.RevealSignerKey());
        Assert.DoesNotContain("AYEKF", signer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_WithThePublishedKey_GivesThePublishedNote()
    {
        // Ed25519 is deterministic: the same key and text give the same signature.
        Assert.Equal(Text + "\n" + PeterSig, SignedNote.Sign(Text, NoteSigner.Parse(PeterSignerKey)));
    }

    [Fact]
    public void Open_KeepsSignaturesByUnknownKeysApart()
    {
        var note = SignedNote.Open(Text + "\n" + PeterSig + EnochSig, [Peter]);
        Assert.Equal(Text, note.Text);
        Assert.Equal([new NoteSignature("PeterNeumann", 0xc74f20a3, "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")], note.Signatures);
        Assert.Equal("EnochRoot", Assert.Single(note.UnverifiedSignatures).KeyName);

        var both = SignedNote.Open(Text + "\n" + PeterSig + EnochSig, [Peter, Enoch]);
        Assert.Equal(["PeterNeumann", "EnochRoot"], both.Signatures.Select(s => s.KeyName));
        Assert.Empty(both.UnverifiedSignatures);
    }

    [Fact]
    public void Open_WithoutAKnownSignature_IsRefused()
    {
        var e = Assert.Throws<SignedNoteException>(() => SignedNote.Open(Text + "\n" + PeterSig + EnochSig, []));
        Assert.Equal(SignedNoteError.NoKnownSignature, e.Error);
    }

    [Fact]
    public void Open_WithAnInvalidSignatureByAKnownKey_IsRefusedWhole()
    {
        var forged = PeterSig[..60] + "ABCD" + PeterSig[60..];
        var e = Assert.Throws<SignedNoteException>(() => SignedNote.Open(Text + "\n" + forged, [Peter]));
        Assert.Equal(SignedNoteError.InvalidSignature, e.Error);
        // Even beside a valid one by another known key.
        e = Assert.Throws<SignedNoteException>(() => SignedNote.Open(Text + "\n" + EnochSig + forged, [Peter, Enoch]));
        Assert.Equal(SignedNoteError.InvalidSignature, e.Error);
        // And a changed text is caught by the valid signature.
        e = Assert.Throws<SignedNoteException>(() => SignedNote.Open(Text.Replace("answer", "Answer", StringComparison.Ordinal) + "\n" + PeterSig, [Peter]));
        Assert.Equal(SignedNoteError.InvalidSignature, e.Error);
    }

    [Fact]
    public void Open_DropsRepeatedSignatures()
    {
        var enochChanged = EnochSig[..60] + "ABCD" + EnochSig[60..];
        var note = SignedNote.Open(Text + "\n" + PeterSig + PeterSig + EnochSig + EnochSig + enochChanged, [Peter]);
        Assert.Single(note.Signatures);
        Assert.Equal(2, note.UnverifiedSignatures.Count);
    }

    [Fact]
    public void Open_WithTwoKnownKeysOfTheSameNameAndId_IsRefusedAsAmbiguous()
    {
        var e = Assert.Throws<SignedNoteException>(() => SignedNote.Open(Text + "\n" + EnochSig, [Enoch, Peter, NoteVerifier.Parse(EnochKey)]));
        Assert.Equal(SignedNoteError.AmbiguousKey, e.Error);
        // Unless no signature is by it.
        Assert.Single(SignedNote.Open(Text + "\n" + PeterSig, [Enoch, Peter, NoteVerifier.Parse(EnochKey)]).Signatures);
    }

    public static TheoryData<string> MalformedNotes => new()
    {
        Text,
        Text + "\n",
        Text + "\n" + PeterSig[..^1],
        "\u0001" + Text + "\n" + PeterSig,
        Text.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n" + PeterSig,
        Text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        Text + "\n" + PeterSig + "Unexpected line.\n",
        Text + "\n" + PeterSig.Replace("—", "-", StringComparison.Ordinal),
        Text + "\n" + PeterSig.Replace("— ", "—", StringComparison.Ordinal),
        Text + "\n" + PeterSig.Replace("x08go/", "x08go /", StringComparison.Ordinal),
        Text + "\n" + PeterSig.Replace("AM=", "AM", StringComparison.Ordinal),
        Text + "\n" + PeterSig.Replace("AM=", "AN=", StringComparison.Ordinal),
        Text + "\n" + "— PeterNeumann x08g\n",
        Text + "\n" + "— PeterNeumann \n",
        Text + "\n" + "— a+b x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 101)),
    };

    [Theory]
    [MemberData(nameof(MalformedNotes))]
    public void Open_OfAMalformedNote_IsRefusedAsMalformed(string note)
    {
        var e = Assert.Throws<SignedNoteException>(() => SignedNote.Open(note, [Peter]));
        Assert.Equal(SignedNoteError.Malformed, e.Error);
    }

    [Fact]
    public void Open_OfInvalidUtf8_IsRefusedAsMalformed()
    {
        byte[] note = [0xff, .. Encoding.UTF8.GetBytes(Text + "\n" + PeterSig)];
        Assert.Equal(SignedNoteError.Malformed, Assert.Throws<SignedNoteException>(() => SignedNote.Open(note, [Peter])).Error);
        Assert.Equal(SignedNoteError.Malformed, Assert.Throws<SignedNoteException>(() => SignedNote.Open("\ud800" + Text + "\n" + PeterSig, [Peter])).Error);
    }

    [Fact]
    public void Sign_RefusesATextThatCouldNotBeOpened()
    {
        var signer = NoteSigner.Parse(PeterSignerKey);
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("abc", signer));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("a\tb\n", signer));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("abc\n"));
    }

    [Fact]
    public void GeneratedKeys_SignAndVerify_AndTheirStringsReadBack()
    {
        var signer = NoteSigner.Generate("myna.example/exchange-log");
        var verifier = NoteVerifier.Parse(signer.Verifier.VerifierKey);
        Assert.Equal((signer.Name, signer.KeyId), (verifier.Name, verifier.KeyId));
        Assert.Equal(signer.KeyId, NoteSigner.Parse(signer.RevealSignerKey()).KeyId);
        var note = SignedNote.Sign("hi\n", signer);
        Assert.Equal("hi\n", SignedNote.Open(note, [verifier]).Text);

        var signature = signer.Sign("hi"u8);
        Assert.True(verifier.Verify("hi"u8, signature));
        signature[0] ^= 1;
        Assert.False(verifier.Verify("hi"u8, signature));
        Assert.False(verifier.Verify("hI"u8, signer.Sign("hi"u8)));
    }

    [Fact]
    public void VerifierKey_AnyPartOrAnyChangedByte_IsRefused()
    {
        AssertEveryManglingRefused(PeterKey, k => NoteVerifier.Parse(k));
        Assert.Throws<FormatException>(() => NoteVerifier.Parse("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
        Assert.Throws<FormatException>(() => NoteVerifier.Parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
        Assert.Throws<FormatException>(() => NoteVerifier.Parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    }

    [Fact]
    public void VerifierKey_OfBytesThatAreNoCurvePoint_IsRefused()
    {
        // y = 2 has no x on the curve.
        byte[] notAPoint = [2, .. new byte[31]];
        Assert.Throws<FormatException>(() => NoteVerifier.FromPublicKey("PeterNeumann", notAPoint));
        Assert.Throws<FormatException>(() => NoteVerifier.FromPublicKey("PeterNeumann", new byte[31]));
        Assert.Throws<FormatException>(() => NoteVerifier.FromPublicKey("Peter Neumann", Peter.PublicKey));
    }

    [Fact]
    public void SignerKey_AnyPartOrAnyChangedByte_IsRefused() =>
        AssertEveryManglingRefused(PeterSignerKey, k => NoteSigner.Parse(k));

    private static void AssertEveryManglingRefused(string key, Func<string, object> parse)
    {
        parse(key);
        for (var start = 0; start < key.Length; start++)
        {
            for (var end = start + 1; end <= key.Length; end++)
            {
                if (start == 0 && end == key.Length)
                    continue;
                var part = key[start..end];
                Assert.Throws<FormatException>(() => parse(part));
            }
        }
        for (var i = 0; i < key.Length; i++)
        {
            var changed = key[..i] + (char)(key[i] + 1) + key[(i + 1)..];
            Assert.Throws<FormatException>(() => parse(changed));
        }
    }
}
