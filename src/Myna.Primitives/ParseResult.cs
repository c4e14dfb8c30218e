namespace Myna.Primitives;

/// <summary>
/// The outcome of parsing outside input: a value, or a reason that a person can read.
/// </summary>
/// <remarks>
/// Bad input is an expected outcome, not an exception (as NodaTime's <c>ParseResult</c>). The reason
/// never repeats the input, since the input may be a My Number or a PIN.
/// </remarks>
public readonly struct ParseResult<T>
{
    private readonly T? _value;

    private ParseResult(T? value, string? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Why the input was refused; <c>null</c> on success.</summary>
    public string? Error { get; }

    public bool Success => Error is null;

    /// <summary>The parsed value.</summary>
    /// <exception cref="FormatException">The parse failed; the message is <see cref="Error"/>.</exception>
    public T Value => Success ? _value! : throw new FormatException(Error);

    public static ParseResult<T> Ok(T value) => new(value, null);

    public static ParseResult<T> Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(default, reason);
    }

    public bool TryGetValue(out T value)
    {
        value = _value!;
        return Success;
    }

    public override string ToString() => Success ? $"Ok({_value})" : $"Fail({Error})";
}
