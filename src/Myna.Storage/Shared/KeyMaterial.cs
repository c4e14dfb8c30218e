using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Shared;

/// <summary>
/// A key the servers share (table <c>key_material</c>): its bytes encrypted under the operator's key-encryption key,
/// which is never in the database (docs/storage.md, "Several servers: what is shared").
/// </summary>
public sealed class KeyMaterialRow
{
    /// <summary>What the key is (a data-directory path such as <c>keys/issuer.p8</c>); the associated data of its encryption.</summary>
    public string Name { get; init; } = "";

    /// <summary>Random 12-byte nonce ‖ AES-256-GCM ciphertext ‖ 16-byte tag.</summary>
    public byte[] Sealed { get; init; } = [];

    /// <summary>When the first server stored it (real time, UTC).</summary>
    public DateTimeOffset Created { get; init; }
}

internal sealed class KeyMaterialRowConfiguration : IEntityTypeConfiguration<KeyMaterialRow>
{
    public void Configure(EntityTypeBuilder<KeyMaterialRow> builder)
    {
        builder.ToTable("key_material");
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasMaxLength(KeyMaterialStore.MaxNameLength);
    }
}

/// <summary>
/// The 32-byte AES key that encrypts the shared keys at rest (<c>Myna:KeyEncryptionKey</c> or <c>…File</c>): the one
/// secret an operator gives every server of a deployment, kept outside the database.
/// </summary>
public sealed class KeyEncryptionKey : IDisposable
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private KeyEncryptionKey(byte[] bytes) => _bytes = bytes;

    /// <summary>The key from its base64 text (configuration or a file's content).</summary>
    /// <exception cref="FormatException">Not base64 of 32 bytes (the message never repeats the value).</exception>
    public static KeyEncryptionKey FromBase64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("The key-encryption key is not base64 text.");
        }
        if (bytes.Length != Length)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new FormatException($"The key-encryption key must be {Length} bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
        }
        return new KeyEncryptionKey(bytes);
    }

    /// <summary>A new random key (tests).</summary>
    public static KeyEncryptionKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    internal ReadOnlySpan<byte> Bytes => _bytes;

    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);
}

/// <summary>The shared keys do not open with this server's key-encryption key (another key, or an altered row).</summary>
/// <remarks>The message names the key, never its value.</remarks>
public sealed class KeyEncryptionKeyMismatchException : InvalidOperationException
{
    public KeyEncryptionKeyMismatchException() { }

    public KeyEncryptionKeyMismatchException(string message) : base(message) { }

    public KeyEncryptionKeyMismatchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The keys every server on one database shares, encrypted with AES-256-GCM under the <see cref="KeyEncryptionKey"/>
/// (associated data: the key's name, so a value copied under another name does not open). The first writer of a name
/// wins: <see cref="AddIfAbsentAsync"/> inserts only when the name is free, and the loser reads the winner's.
/// </summary>
public sealed class KeyMaterialStore(IDbContextFactory<MynaDbContext> contexts, KeyEncryptionKey key, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    /// <summary>The row that proves at start that this server's key-encryption key is the deployment's.</summary>
    public const string CheckName = "key-encryption-key.check";

    private static readonly byte[] CheckValue = "Myna shared keys"u8.ToArray();

    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>
    /// Checks that the key-encryption key opens the deployment's keys (storing the check at the first start).
    /// </summary>
    /// <exception cref="KeyEncryptionKeyMismatchException">It is not the key the shared keys were written with.</exception>
    public async Task VerifyKeyAsync(CancellationToken cancellationToken = default)
    {
        var stored = await AddIfAbsentAsync(CheckName, CheckValue, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(stored, CheckValue))
            throw Mismatch(CheckName, null);
    }

    /// <summary>Every shared key whose name starts with <paramref name="prefix"/>, by name, decrypted (the check row left out).</summary>
    /// <exception cref="KeyEncryptionKeyMismatchException">A row does not open.</exception>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReadAllAsync(string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await using var db = contexts.CreateDbContext();
        var rows = (await db.KeyMaterial.AsNoTracking().Where(k => k.Name != CheckName).ToListAsync(cancellationToken))
            .Where(k => k.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return rows.ToDictionary(r => r.Name, r => Open(r.Name, r.Sealed), StringComparer.Ordinal);
    }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="name"/> unless a key of that name is there already, and
    /// answers the stored one: this value, or the one another server stored first.
    /// </summary>
    /// <exception cref="KeyEncryptionKeyMismatchException">The stored one does not open.</exception>
    public async Task<byte[]> AddIfAbsentAsync(string name, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, MaxNameLength, nameof(name));
        await using (var db = contexts.CreateDbContext())
        {
            var existing = await db.KeyMaterial.AsNoTracking().SingleOrDefaultAsync(k => k.Name == name, cancellationToken);
            if (existing is not null)
                return Open(name, existing.Sealed);
            db.KeyMaterial.Add(new KeyMaterialRow { Name = name, Sealed = Seal(name, value), Created = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return value;
            }
            catch (DbUpdateException)
            {
                // Another server inserted it between the read and the insert: its value is the one.
            }
        }
        await using var again = contexts.CreateDbContext();
        var winner = await again.KeyMaterial.AsNoTracking().SingleAsync(k => k.Name == name, cancellationToken);
        return Open(name, winner.Sealed);
    }

    private byte[] Seal(string name, byte[] value)
    {
        var output = new byte[NonceLength + value.Length + TagLength];
        var nonce = output.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Bytes, TagLength);
        aes.Encrypt(nonce, value, output.AsSpan(NonceLength, value.Length), output.AsSpan(NonceLength + value.Length), Encoding.UTF8.GetBytes(name));
        return output;
    }

    private byte[] Open(string name, byte[] sealedValue)
    {
        if (sealedValue.Length < NonceLength + TagLength)
            throw Mismatch(name, null);
        var length = sealedValue.Length - NonceLength - TagLength;
        var value = new byte[length];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagLength);
            aes.Decrypt(sealedValue.AsSpan(0, NonceLength), sealedValue.AsSpan(NonceLength, length),
                sealedValue.AsSpan(NonceLength + length), value, Encoding.UTF8.GetBytes(name));
            return value;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw Mismatch(name, e);
        }
    }

    private static KeyEncryptionKeyMismatchException Mismatch(string name, Exception? inner) => new(
        $"The shared key {name} does not open with this server's key-encryption key (Myna:KeyEncryptionKey): every server " +
        "of the deployment must be given the same key, the one the database's keys were written with.", inner!);
}
