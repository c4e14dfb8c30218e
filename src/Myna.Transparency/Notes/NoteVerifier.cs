using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Myna.Transparency.Notes;

/// <summary>
/// A named Ed25519 public key that checks note signatures, written as a verifier key string
/// "&lt;name&gt;+&lt;hex key ID&gt;+&lt;base64(0x01 || public key)&gt;".
/// </summary>
public sealed class NoteVerifier
{
    private readonly Ed25519PublicKeyParameters _key;

    private NoteVerifier(string name, uint keyId, Ed25519PublicKeyParameters key)
    {
        Name = name;
        KeyId = keyId;
        _key = key;
    }

    /// <summary>The key name that signature lines carry.</summary>
    public string Name { get; }

    /// <summary>The first four bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian.</summary>
    public uint KeyId { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _key.GetEncoded();

    /// <summary>The verifier key string, which can be published.</summary>
    public string VerifierKey => NoteKeys.Format(Name, KeyId, PublicKey);

    /// <summary>Reads a verifier key string; its key ID must be the one its name and key give.</summary>
    /// <exception cref="FormatException">The string is not a verifier key; the message says which part is wrong.</exception>
    public static NoteVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        if (!NoteKeys.TryParse(verifierKey, out var name, out var keyId, out var key, out var reason))
            throw new FormatException($"Not a verifier key: {reason}.");
        var verifier = FromPublicKey(name, key);
        return verifier.KeyId == keyId
            ? verifier
            : throw new FormatException("Not a verifier key: the key ID does not match the name and key.");
    }

    /// <summary>A verifier for a name and a 32-byte Ed25519 public key.</summary>
    /// <exception cref="FormatException">The name or the key is not valid.</exception>
    public static NoteVerifier FromPublicKey(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteKeys.IsValidName(name))
            throw new FormatException("A key name must not be empty nor hold a space or '+'.");
        if (publicKey.Length != NoteKeys.Ed25519KeySize)
            throw new FormatException("An Ed25519 public key has 32 bytes.");
        Ed25519PublicKeyParameters key;
        try
        {
            key = new Ed25519PublicKeyParameters(publicKey);
        }
        catch (ArgumentException)
        {
            throw new FormatException("The Ed25519 public key is not a point of the curve.");
        }
        return new NoteVerifier(name, NoteKeys.KeyIdOf(name, publicKey), key);
    }

    /// <summary>Whether <paramref name="signature"/> is this key's Ed25519 signature of <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519PrivateKeyParameters.SignatureSize)
            return false;
        var verifier = new Ed25519Signer();
        verifier.Init(false, _key);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }

    /// <summary>The verifier key string.</summary>
    public override string ToString() => VerifierKey;
}
