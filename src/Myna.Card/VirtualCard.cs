using System.Security.Cryptography;
using Myna.Card.Apdu;
using Myna.Card.Commands;
using Myna.Card.Files;
using Myna.Card.Image;
using Myna.Card.Issuer;
using Myna.Card.Pins;

namespace Myna.Card;

/// <summary>
/// The emulated My Number Card chip (個人番号カードのICチップ): the five applications of card-interface §1–§4 and the
/// issuer commands of docs/card.md §2, with its persistent state in an <see cref="ICardImageStore"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Transmit"/> answers every byte string with a status word and never throws. Commands are
/// processed one at a time. Every state change (PIN counter, issuer write) is durable in the store before
/// the response is returned (docs/card.md §1, P3).</para>
/// <para>A card whose image fails to open is an erased chip (S4): it has its ATR, and every SELECT answers
/// <c>6A82</c>; the image is never written again by it. If a write to the store fails the chip answers
/// <c>6581</c> (memory failure) to that and every later command, since RAM and store may then disagree.</para>
/// <para>The chip owns its store: <see cref="Dispose"/> disposes a disposable store (a
/// <see cref="FileCardImageStore"/> then releases the card file's lock), and so do <see cref="Open"/> and
/// <see cref="Manufacture"/> when they throw.</para>
/// </remarks>
public sealed class VirtualCard : ISmartCardChip, IDisposable
{
    /// <summary>Length of the card serial: 16 ASCII digits (docs/card.md §2).</summary>
    public const int SerialLength = 16;

    // The real card's contact ATR (card-interface §5): T=1, no historical bytes, TCK 14.
    private static readonly byte[] AtrBytes = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];

    private readonly Lock _gate = new();
    private readonly CardContext _card;
    private readonly IDisposable? _ownedStore;
    private bool _faulted;
    private bool _disposed;

    private VirtualCard(CardState state, ICardImageStore? store, bool erased, ICardImageStore owned)
    {
        _card = new CardContext(state, store);
        IsErased = erased;
        _ownedStore = owned as IDisposable;
    }

    public ReadOnlyMemory<byte> Atr => AtrBytes;

    /// <summary>The 16-digit card serial; empty for an erased chip.</summary>
    public string Serial => _card.State.Serial;

    /// <summary>True when the image failed to open (tampered or corrupt): the chip is erased (S4).</summary>
    public bool IsErased { get; }

    /// <summary>True after TERMINATE CARD.</summary>
    public bool IsTerminated
    {
        get
        {
            lock (_gate)
                return _card.State.Terminated;
        }
    }

    /// <summary>Exceptions caught inside <see cref="Transmit"/> (answered 6F00); always 0 unless there is a bug.</summary>
    internal int UnexpectedFaults { get; private set; }

    /// <summary>The persistent state, for tests that check invariants.</summary>
    internal CardState State => _card.State;

    /// <summary>
    /// Makes a blank chip: all five APs with their fixed structure (token info EF0006 in the JPKI AP, PIN
    /// objects without reference data, no keys, no certificates), stores the issuer's public key and the
    /// serial, and saves it to <paramref name="store"/>.
    /// </summary>
    /// <param name="store">An empty store.</param>
    /// <param name="issuerPublicKeySpki">The issuing system's ECDSA P-256 public key, SubjectPublicKeyInfo DER.</param>
    /// <param name="serial">16 ASCII digits.</param>
    /// <exception cref="ArgumentException">Bad serial or not a P-256 public key.</exception>
    /// <exception cref="InvalidOperationException">The store already holds a card.</exception>
    public static VirtualCard Manufacture(ICardImageStore store, ReadOnlySpan<byte> issuerPublicKeySpki, string serial)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return ManufactureInto(store, issuerPublicKeySpki, serial);
        }
        catch
        {
            (store as IDisposable)?.Dispose();
            throw;
        }
    }

    private static VirtualCard ManufactureInto(ICardImageStore store, ReadOnlySpan<byte> issuerPublicKeySpki, string serial)
    {
        if (serial is null || serial.Length != SerialLength || !serial.All(char.IsAsciiDigit))
            throw new ArgumentException($"A card serial is {SerialLength} ASCII digits.", nameof(serial));
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(issuerPublicKeySpki, out var read);
            if (read != issuerPublicKeySpki.Length || key.KeySize != 256)
                throw new ArgumentException("The issuer key must be an ECDSA P-256 SubjectPublicKeyInfo.", nameof(issuerPublicKeySpki));
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("The issuer key must be an ECDSA P-256 SubjectPublicKeyInfo.", nameof(issuerPublicKeySpki), e);
        }
        if (store.Exists)
            throw new InvalidOperationException("The store already holds a card; a card is manufactured once.");

        var state = new CardState { Serial = serial, IssuerPublicKey = issuerPublicKeySpki.ToArray() };
        foreach (var application in ApplicationLayout.All)
        {
            var layout = ApplicationLayout.For(application);
            var ap = new ApplicationState { Application = application };
            foreach (var pin in layout.Pins.Values)
            {
                ap.Pins[pin.Fid] = pin.ShipsBlocked
                    // Text AP 0012 ships blocked: query 63C0, VERIFY 6984 (card-interface §2.2). Its reference is random.
                    ? new PinState { Reference = RandomDigits(pin.Format.MinLength), TriesLeft = 0 }
                    : new PinState { Reference = null, TriesLeft = pin.MaxTries };
            }
            if (application == CardApplication.Jpki)
                ap.Files[JpkiFiles.TokenInfo] = TokenInfo.Create();
            state.Applications.Add(ap);
        }
        store.Write(serial, state.Serialize());
        return new VirtualCard(state, store, erased: false, owned: store);
    }

    /// <summary>Opens the card in <paramref name="store"/>; an image that fails to open gives an erased chip (S4).</summary>
    /// <exception cref="FileNotFoundException">The store holds no card.</exception>
    public static VirtualCard Open(ICardImageStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            if (!store.Exists)
                throw new FileNotFoundException("There is no card image to open.");
            var state = CardState.Deserialize(store.Read());
            return new VirtualCard(state, store, erased: false, owned: store);
        }
        catch (CardImageException)
        {
            // S4: tampering erases the chip. It writes to no store, so the file on disk is left as it is; it still
            // holds the store (and its lock) until disposed, as any open card does.
            return new VirtualCard(new CardState(), store: null, erased: true, owned: store);
        }
        catch
        {
            (store as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The chip was disposed (a caller bug, not a card answer).</exception>
    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                var response = Process(commandApdu);
                if (response.StatusWord == StatusWord.MemoryFailure)
                    _faulted = true;
                return response.ToBytes();
            }
            catch (Exception)
            {
                // Never reached by design; a chip has no exceptions, only status words.
                UnexpectedFaults++;
                return ResponseApdu.Status(StatusWord.NoPreciseDiagnosis);
            }
        }
    }

    private ResponseApdu Process(ReadOnlySpan<byte> bytes)
    {
        if (_faulted)
            return CardContext.Status(StatusWord.MemoryFailure);
        // docs/card.md §2: after TERMINATE CARD every command answers 6A81.
        if (_card.State.Terminated)
            return CardContext.Status(StatusWord.FunctionNotSupported);
        if (!CommandApdu.TryParse(bytes, out var command, out var error))
            return CardContext.Status(error);
        return command!.Cla switch
        {
            0x00 => IsoCommand(command),
            0x80 => ProprietaryCommand(command),
            _ => CardContext.Status(StatusWord.ClassNotSupported),
        };
    }

    private ResponseApdu IsoCommand(CommandApdu command) => command.Ins switch
    {
        SelectCommand.Ins => SelectCommand.Execute(_card, command),
        ReadBinaryCommand.Ins => ReadBinaryCommand.Execute(_card, command),
        ReadRecordCommand.Ins => ReadRecordCommand.Execute(_card, command),
        VerifyCommand.Ins => VerifyCommand.Execute(_card, command),
        ChangeReferenceDataCommand.IsoIns => ChangeReferenceDataCommand.ExecuteIso(_card, command),
        GetChallengeCommand.Ins => GetChallengeCommand.Execute(_card, command),
        ExternalAuthenticateCommand.Ins => ExternalAuthenticateCommand.Execute(_card, command),
        InternalAuthenticateCommand.Ins => InternalAuthenticateCommand.Execute(_card, command),
        GetDataCommand.Ins => GetDataCommand.Execute(_card, command, AtrBytes),
        _ => CardContext.Status(StatusWord.InstructionNotSupported),
    };

    private ResponseApdu ProprietaryCommand(CommandApdu command)
    {
        switch (command.Ins)
        {
            case ComputeDigitalSignatureCommand.Ins:
                return ComputeDigitalSignatureCommand.Execute(_card, command);
            case ChangeReferenceDataCommand.JicsapIns:
                return ChangeReferenceDataCommand.ExecuteJicsap(_card, command);
            case GenerateKeyPairCommand.Ins or PutFileCommand.Ins or DeleteFileCommand.Ins or SetPinCommand.Ins or TerminateCardCommand.Ins:
                break;
            default:
                return CardContext.Status(StatusWord.InstructionNotSupported);
        }
        // Issuer commands (docs/card.md §2): the issuer session first, then (but for TERMINATE) an AP.
        if (!_card.IssuerAuthenticated)
            return CardContext.Status(StatusWord.SecurityStatusNotSatisfied);
        if (command.Ins == TerminateCardCommand.Ins)
            return TerminateCardCommand.Execute(_card, command);
        if (_card.CurrentAp is null)
            return CardContext.Status(StatusWord.ConditionsNotSatisfied);
        return command.Ins switch
        {
            GenerateKeyPairCommand.Ins => GenerateKeyPairCommand.Execute(_card, command),
            PutFileCommand.Ins => PutFileCommand.Execute(_card, command),
            DeleteFileCommand.Ins => DeleteFileCommand.Execute(_card, command),
            _ => SetPinCommand.Execute(_card, command),
        };
    }

    public void Reset()
    {
        lock (_gate)
            _card.Reset();
    }

    public void PowerOff() => Reset();

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _card.Dispose();
            _ownedStore?.Dispose();
        }
    }

    public override string ToString() => IsErased ? "VirtualCard (erased)" : $"VirtualCard {Serial}";

    private static byte[] RandomDigits(int count)
    {
        var digits = new byte[count];
        for (var i = 0; i < count; i++)
            digits[i] = (byte)('0' + RandomNumberGenerator.GetInt32(10));
        return digits;
    }
}
