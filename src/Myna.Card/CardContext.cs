using Myna.Card.Apdu;
using Myna.Card.Files;
using Myna.Card.Image;
using Myna.Card.Keys;

namespace Myna.Card;

/// <summary>
/// What a command sees: the persistent state, the RAM-only security state (docs/card.md §1) and the way to
/// make a change durable before answering.
/// </summary>
internal sealed class CardContext : IDisposable
{
    private readonly ICardImageStore? _store;
    private readonly Dictionary<(CardApplication, ushort), CardRsaKey> _keyCache = [];

    public CardContext(CardState state, ICardImageStore? store)
    {
        State = state;
        _store = store;
    }

    public CardState State { get; }

    // ---- security state: RAM only, cleared by reset (card-interface §1 "Security state") ----
    public ApplicationState? CurrentAp { get; private set; }
    public ApplicationLayout? CurrentLayout { get; private set; }
    public ushort? CurrentEf { get; set; }
    public HashSet<ushort> VerifiedPins { get; } = [];
    public bool IssuerAuthenticated { get; set; }
    public byte[]? Challenge { get; set; }

    public void SelectApplication(ApplicationState application)
    {
        CurrentAp = application;
        CurrentLayout = ApplicationLayout.For(application.Application);
        CurrentEf = null;
        // Re-selecting an AP clears its verified PINs: OpenSC >= 0.24 logs out that way (card-interface §1).
        VerifiedPins.Clear();
    }

    public void Reset()
    {
        CurrentAp = null;
        CurrentLayout = null;
        CurrentEf = null;
        VerifiedPins.Clear();
        IssuerAuthenticated = false;
        Challenge = null;
    }

    /// <summary>Whether <paramref name="fid"/> names something that exists in the current AP (card-interface §1: unset PINs and ungenerated keys are absent).</summary>
    public bool Exists(ushort fid)
    {
        if (CurrentAp is null || CurrentLayout is null)
            return false;
        if (CurrentLayout.Pins.ContainsKey(fid))
            return CurrentAp.Pins.TryGetValue(fid, out var pin) && pin.Reference is not null;
        if (CurrentLayout.Keys.ContainsKey(fid))
            return CurrentAp.Keys.ContainsKey(fid);
        if (CurrentAp.Application == CardApplication.Jpki && fid == ApplicationLayout.CertificateAvailabilityFid)
            return true;
        return CurrentAp.Files.ContainsKey(fid);
    }

    /// <summary>The content of a transparent or record EF; EF0008 of the JPKI AP is derived (card-interface §2.1).</summary>
    public byte[]? FileContent(ushort fid)
    {
        if (CurrentAp is null)
            return null;
        if (CurrentAp.Application == CardApplication.Jpki && fid == ApplicationLayout.CertificateAvailabilityFid)
        {
            // Byte 0: signature certificate present; byte 1: authentication certificate present (card-interface §2.1).
            return
            [
                CurrentAp.Files.ContainsKey(JpkiFiles.SignatureCertificate) ? (byte)0x8F : (byte)0x00,
                CurrentAp.Files.ContainsKey(JpkiFiles.AuthenticationCertificate) ? (byte)0x8F : (byte)0x00,
                0x00,
            ];
        }
        return CurrentAp.Files.GetValueOrDefault(fid);
    }

    /// <summary>Whether the read rule of <paramref name="definition"/> is met in this AP session.</summary>
    public bool MayRead(EfDefinition definition)
    {
        if (definition.Read.IsFree)
            return true;
        foreach (var pin in definition.Read.AnyOfPins!)
        {
            if (VerifiedPins.Contains(pin))
                return true;
        }
        return false;
    }

    public CardRsaKey? Key(ushort fid)
    {
        if (CurrentAp is null || !CurrentAp.Keys.TryGetValue(fid, out var der))
            return null;
        var cacheKey = (CurrentAp.Application, fid);
        if (!_keyCache.TryGetValue(cacheKey, out var key))
        {
            key = new CardRsaKey(der);
            _keyCache[cacheKey] = key;
        }
        return key;
    }

    public void ForgetKey(CardApplication application, ushort fid)
    {
        if (_keyCache.Remove((application, fid), out var key))
            key.Dispose();
    }

    public void ForgetAllKeys()
    {
        foreach (var key in _keyCache.Values)
            key.Dispose();
        _keyCache.Clear();
    }

    /// <summary>
    /// Writes the state durably. False when the write failed: the caller answers <c>6581</c> and does not
    /// act as if the change had happened (docs/card.md §3).
    /// </summary>
    public bool TryPersist()
    {
        if (_store is null)
            return false;
        try
        {
            _store.Write(State.Serial, State.Serialize());
            return true;
        }
        catch (Exception)
        {
            // Any failure to make the change durable (I/O, permissions, a disposed sealing key) is a memory
            // failure of the chip: it answers 6581 and goes mute rather than act on an unsaved state.
            return false;
        }
    }

    public static ResponseApdu Status(StatusWord sw) => new(default, sw);

    public static ResponseApdu Ok(ReadOnlyMemory<byte> data) => new(data, StatusWord.Success);

    public void Dispose() => ForgetAllKeys();
}
