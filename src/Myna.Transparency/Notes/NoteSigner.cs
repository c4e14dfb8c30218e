using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Myna.Transparency.Notes;

/// <summary>
/// A named Ed25519 private key that signs notes, written as a signer key string
/// "PRIVATE+KEY+&lt;name&gt;+&lt;hex key ID&gt;+&lt;base64(0x01 || 32-byte seed)&gt;".
/// </summary>
/// <remarks><see cref="ToString"/> never shows the key; <see cref="RevealSignerKey"/> does, for keeping it.</remarks>
public sealed class NoteSigner
{
    private const string Prefix = "PRIVATE+KEY+";

    private readonly Ed25519PrivateKeyParameters _key;

    private NoteSigner(string name, Ed25519PrivateKeyParameters key)
    {
        _key = key;
        Verifier = NoteVerifier.FromPublicKey(name, key.GeneratePublicKey().GetEncoded());
    }

    /// <summary>The key name that signature lines carry.</summary>
    public string Name => Verifier.Name;

    /// <summary>The key ID, the same as the verifier's.</summary>
    public uint KeyId => Verifier.KeyId;

    /// <summary>The public half, whose <see cref="NoteVerifier.VerifierKey"/> is published.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>A new key from the system's random number generator.</summary>
    public static NoteSigner Generate(string name) => FromSeed(name, RandomNumberGenerator.GetBytes(NoteKeys.Ed25519KeySize));

    /// <summary>A signer from a name and a 32-byte Ed25519 private key seed (RFC 8032).</summary>
    /// <exception cref="FormatException">The name or the seed is not valid.</exception>
    public static NoteSigner FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        if (!NoteKeys.IsValidName(name))
            throw new FormatException("A key name must not be empty nor hold a space or '+'.");
        if (seed.Length != NoteKeys.Ed25519KeySize)
            throw new FormatException("An Ed25519 private key seed has 32 bytes.");
        return new NoteSigner(name, new Ed25519PrivateKeyParameters(seed));
    }

    /// <summary>Reads a signer key string; its key ID must be the one its name and derived public key give.</summary>
    /// <exception cref="FormatException">The string is not a signer key; the message never repeats it.</exception>
    public static NoteSigner Parse(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        if (!signerKey.StartsWith(Prefix, StringComparison.Ordinal))
            throw new FormatException("Not a signer key: it does not start with PRIVATE+KEY+.");
        if (!NoteKeys.TryParse(signerKey[Prefix.Length..], out var name, out var keyId, out var seed, out var reason))
            throw new FormatException($"Not a signer key: {reason}.");
        var signer = FromSeed(name, seed);
        return signer.KeyId == keyId
            ? signer
            : throw new FormatException("Not a signer key: the key ID does not match the name and key.");
    }

    /// <summary>The signer key string. It is the private key: keep it where secrets are kept.</summary>
    public string RevealSignerKey() => Prefix + NoteKeys.Format(Name, KeyId, _key.GetEncoded());

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>The name and key ID, never the key.</summary>
    public override string ToString() => $"{Name}+{NoteKeys.FormatKeyId(KeyId)} (signer)";
}
