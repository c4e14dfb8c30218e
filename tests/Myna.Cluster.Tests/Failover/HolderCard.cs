using System.Security.Cryptography;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Cluster.Tests.Failover;

/// <summary>
/// A holder's card in a store machine's reader: a copy of the card file the window handed out
/// (<c>GET /api/cards/{id}/image</c>), opened with the deployment's chip-sealing key and driven as a reader drives a
/// chip (PIN, then the challenge's signature). Each signature works on a scratch copy, so the machines never contend
/// for the server's chip, which the portal's card slot opens meanwhile.
/// </summary>
internal sealed class HolderCard(Guid cardId, Guid residentId, byte[] sealedImage, string scratchDirectory)
{
    public const string AuthenticationPin = "1111";

    public Guid CardId { get; } = cardId;

    public Guid ResidentId { get; } = residentId;

    /// <summary>The card's user-authentication certificate and its signature over <paramref name="challenge"/>.</summary>
    public SignedChallenge Sign(ChipSealingKey key, byte[] challenge)
    {
        var path = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N") + ".card");
        File.WriteAllBytes(path, sealedImage);
        try
        {
            using var chip = VirtualCard.Open(new FileCardImageStore(path, key, lockTimeout: TimeSpan.Zero));
            var signing = ChallengeSigner.Sign(new MynaCardClient(new EmulatorTransport(chip)),
                Pin.Parse(PinKind.UserAuthentication, AuthenticationPin).Value, challenge);
            return signing.Signed ?? throw new InvalidOperationException($"The copy of card {CardId} did not sign: {signing.Pin}.");
        }
        finally
        {
            File.Delete(path);
            File.Delete(CardFileLock.LockPathFor(path));
        }
    }

    /// <summary>The chip-sealing key a process of the cluster keeps in its data directory (the same in all of them).</summary>
    public static ChipSealingKey SealingKeyOf(string dataDirectory)
    {
        var bytes = File.ReadAllBytes(Path.Combine(dataDirectory, "keys", "chip-sealing.key"));
        try
        {
            return ChipSealingKey.FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
