using System.Security.Cryptography;
using System.Text;

namespace Myna.Primitives;

/// <summary>
/// A PIN of one of the four kinds, validated against its <see cref="PinPolicy"/>.
/// </summary>
/// <remarks>
/// The value is held as ASCII bytes, as the chip compares it. <see cref="ToString"/> never shows it,
/// <see cref="Matches"/> compares in fixed time, and <see cref="Dispose"/> clears the buffer.
/// </remarks>
public sealed class Pin : IDisposable
{
    private readonly byte[] _ascii;
    private bool _disposed;

    private Pin(PinKind kind, byte[] ascii)
    {
        Kind = kind;
        _ascii = ascii;
    }

    public PinKind Kind { get; }

    public int Length => _ascii.Length;

    /// <summary>Parses a PIN of the given kind. Letters of a signature PIN are taken upper-case, as clients do.</summary>
    public static ParseResult<Pin> Parse(PinKind kind, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return ParseResult<Pin>.Fail($"The {PinPolicy.For(kind).Describe()} is required.");
        var policy = PinPolicy.For(kind);
        var candidate = policy.AllowsLetters ? text.ToUpperInvariant() : text;
        var error = policy.Validate(candidate);
        return error is null
            ? ParseResult<Pin>.Ok(new Pin(kind, Encoding.ASCII.GetBytes(candidate)))
            : ParseResult<Pin>.Fail(error);
    }

    /// <summary>The ASCII bytes, as a VERIFY command carries them.</summary>
    public ReadOnlySpan<byte> AsciiBytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _ascii;
        }
    }

    /// <summary>The characters, for a client that must send them (e.g. a PKCS#11 login). Keep it short-lived.</summary>
    public string Reveal() => Encoding.ASCII.GetString(AsciiBytes);

    /// <summary>Fixed-time comparison with candidate bytes.</summary>
    public bool Matches(ReadOnlySpan<byte> candidate) =>
        CryptographicOperations.FixedTimeEquals(AsciiBytes, candidate);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_ascii);
        _disposed = true;
    }

    /// <summary>Never the value.</summary>
    public override string ToString() => $"{PinPolicy.For(Kind).Describe()} (hidden)";
}
