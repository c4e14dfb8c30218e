namespace Myna.Card.Image;

/// <summary>
/// Where a chip keeps its persistent state (docs/card.md §3): the card file, or memory in tests.
/// </summary>
/// <remarks>
/// The chip hands over its serialised state; the store seals it (if it does) and writes it durably
/// before returning. The chip answers only after <see cref="Write"/> returned.
/// </remarks>
public interface ICardImageStore
{
    /// <summary>True when there is an image to open.</summary>
    bool Exists { get; }

    /// <summary>Reads and unseals the state.</summary>
    /// <exception cref="CardImageException">The image is corrupt, tampered or of an unknown version.</exception>
    /// <exception cref="FileNotFoundException">There is no image.</exception>
    byte[] Read();

    /// <summary>Replaces the image with <paramref name="state"/>, durably, before returning.</summary>
    /// <param name="serial">The card serial, written in the clear header.</param>
    /// <param name="state">The serialised chip state (contains private keys: the store must not log it).</param>
    /// <exception cref="IOException">The write failed; the previous image is intact.</exception>
    void Write(string serial, ReadOnlySpan<byte> state);
}
