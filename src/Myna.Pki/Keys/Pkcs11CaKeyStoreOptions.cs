using System.Text;

namespace Myna.Pki.Keys;

/// <summary>Where a <see cref="Pkcs11CaKeyStore"/> finds its token, and how it logs in.</summary>
/// <remarks><see cref="UserPin"/> never appears in <see cref="object.ToString"/> or in any exception message.</remarks>
public sealed record Pkcs11CaKeyStoreOptions
{
    /// <summary>The SoftHSM2 module as Debian installs it (apt package <c>softhsm2</c>).</summary>
    public const string SoftHsm2LibraryPath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>The PKCS#11 module (shared library) to load; SoftHSM2's by default.</summary>
    public string LibraryPath { get; init; } = SoftHsm2LibraryPath;

    /// <summary>The label of the token holding the CA keys (CK_TOKEN_INFO.label, as given to <c>--init-token --label</c>).</summary>
    public required string TokenLabel { get; init; }

    /// <summary>The token's user PIN (CKU_USER).</summary>
    public required string UserPin { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LibraryPath, nameof(LibraryPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(TokenLabel, nameof(TokenLabel));
        if (string.IsNullOrEmpty(UserPin))
            throw new ArgumentException("A user PIN is required to use the token's private keys.", nameof(UserPin));
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("LibraryPath = ").Append(LibraryPath)
            .Append(", TokenLabel = ").Append(TokenLabel)
            .Append(", UserPin = ***");
        return true;
    }
}
