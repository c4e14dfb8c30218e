using System.Text.Json;
using System.Text.Json.Serialization;

namespace Myna.Card.Image;

/// <summary>
/// The chip's whole persistent state (docs/card.md §3), serialised as JSON inside the sealed image.
/// Versioned by <see cref="StateVersion"/>; private keys are here (PKCS#1 RSAPrivateKey DER) and nowhere else.
/// </summary>
internal sealed class CardState
{
    public const int CurrentVersion = 1;

    public int StateVersion { get; set; } = CurrentVersion;
    public string Serial { get; set; } = "";
    public byte[] IssuerPublicKey { get; set; } = [];
    public bool Terminated { get; set; }
    public List<ApplicationState> Applications { get; set; } = [];

    public ApplicationState? Find(CardApplication application) =>
        Applications.Find(a => a.Application == application);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, CardStateJson.Default.CardState);

    /// <exception cref="CardImageException">Not a state this chip understands.</exception>
    public static CardState Deserialize(ReadOnlySpan<byte> json)
    {
        CardState? state;
        try
        {
            state = JsonSerializer.Deserialize(json, CardStateJson.Default.CardState);
        }
        catch (JsonException e)
        {
            throw new CardImageException("The card state is not valid.", e);
        }
        if (state is null || state.StateVersion != CurrentVersion)
            throw new CardImageException("Unknown card state version.");
        return state;
    }
}

internal sealed class ApplicationState
{
    public CardApplication Application { get; set; }
    /// <summary>EF contents by FID.</summary>
    public Dictionary<ushort, byte[]> Files { get; set; } = [];
    /// <summary>PIN objects by FID; every PIN of the layout has an entry.</summary>
    public Dictionary<ushort, PinState> Pins { get; set; } = [];
    /// <summary>RSA private keys (PKCS#1 DER) by FID; absent until GENERATE KEY PAIR.</summary>
    public Dictionary<ushort, byte[]> Keys { get; set; } = [];
}

internal sealed class PinState
{
    /// <summary>The reference data (ASCII); null while unset (the PIN then answers as absent).</summary>
    /// <remarks>
    /// Left out of the JSON when null: the serializer writes a null byte array as <c>""</c>, which would come
    /// back as an empty (set!) reference, and a deleted or never-set PIN would reappear after a reopen.
    /// </remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? Reference { get; set; }
    /// <summary>Tries left; 0 = blocked (P3: only SET PIN resets a blocked PIN).</summary>
    public int TriesLeft { get; set; }
}

[JsonSerializable(typeof(CardState))]
// RespectNullableAnnotations: a null where the model has none is a bad state (erased chip), not a crash later.
[JsonSourceGenerationOptions(WriteIndented = false, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
internal sealed partial class CardStateJson : JsonSerializerContext;
