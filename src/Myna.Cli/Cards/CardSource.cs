using System.CommandLine;
using Myna.Card;
using Myna.Card.Image;
using Myna.Cli.Output;
using Myna.Reader;
using Myna.Reader.Pcsc;

namespace Myna.Cli.Cards;

/// <summary>
/// Where a command finds its card: <c>--card FILE</c> (a card file of this installation, driven in process, no PC/SC
/// needed), <c>--reader NAME</c>, or else the only PC/SC reader with a card in it. Every card command takes these, so a
/// real card, a virtual card in the vpcd reader and a card file work the same.
/// </summary>
internal sealed class CardSource(CliContext context)
{
    public Option<FileInfo?> File { get; } = new("--card")
    {
        Description = context.Help(
            "この環境で作成したカードのファイル（$MYNA_HOME の鍵で封印）。リーダーを使わず、このプロセスの中で直接使います。",
            "A card file of this installation (in $MYNA_HOME's keys), used in process instead of a reader."),
    };

    public Option<string?> Reader { get; } = new("--reader")
    {
        Description = context.Help(
            "カードを置いたPC/SCのカードリーダー。名前は `myna readers` の表示どおり（既定: カードが置かれている唯一のリーダー）。",
            "The PC/SC reader with the card, as `myna readers` names it (default: the only reader with a card in it)."),
    };

    public IEnumerable<Option> Options => [File, Reader];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in Options)
            command.Options.Add(option);
    }

    /// <summary>
    /// Opens the card, checks that it is a My Number Card (its JPKI application answers) and reads its serial; or
    /// writes why not (<paramref name="problem"/>) and answers null. A file given as <paramref name="file"/> overrides
    /// <c>--card</c> (a command's positional FILE).
    /// </summary>
    public OpenedCard? Open(CliContext context, ParseResult parse, out CliProblem? problem, FileInfo? file = null)
    {
        file ??= parse.GetValue(File);
        var reader = parse.GetValue(Reader);
        problem = null;
        if (file is not null && reader is not null)
        {
            problem = CliWords.CardOrReader;
            return null;
        }
        var transport = OpenTransport(context, file, reader, out problem);
        if (transport is null)
            return null;
        try
        {
            return OpenedCard.Start(transport, out problem);
        }
        catch (CardTransportException e)
        {
            transport.Dispose();
            problem = Describe(e, reader);
            return null;
        }
    }

    /// <summary>
    /// The channel to the card: the file in process, the reader named, or the only reader with a card in it; null with
    /// the problem when there is none. The caller selects the application it needs.
    /// </summary>
    public static ICardTransport? OpenTransport(CliContext context, FileInfo? file, string? reader, out CliProblem? problem)
    {
        try
        {
            return file is not null ? OpenFile(context, file, out problem) : Connect(reader, out problem);
        }
        catch (CardTransportException e)
        {
            problem = Describe(e, reader);
            return null;
        }
    }

    /// <summary>A PC/SC failure as the user can act on it.</summary>
    public static CliProblem Describe(CardTransportException e, string? reader) => e.PcscCode switch
    {
        PcscError.NoService or PcscError.ServiceStopped => CliWords.NoPcsc("SCARD_E_NO_SERVICE"),
        PcscError.UnknownReader or PcscError.ReaderUnavailable => CliWords.NoReader(reader),
        PcscError.NoSmartcard or PcscError.RemovedCard when reader is not null => CliWords.NoCardIn(reader),
        PcscError.NoSmartcard or PcscError.RemovedCard => CliWords.NoCardInAnyReader,
        null when e.InnerException is DllNotFoundException => CliWords.NoPcsc("libpcsclite.so.1"),
        _ => CliWords.CardTransport(e.Message),
    };

    private static PcscTransport? Connect(string? reader, out CliProblem? problem)
    {
        problem = null;
        using var context = EstablishOrNull(out problem);
        if (context is null)
            return null;
        var readers = context.ListReaders();
        if (reader is not null)
        {
            if (!readers.Contains(reader))
            {
                problem = CliWords.NoReader(reader);
                return null;
            }
            if (!context.IsCardPresent(reader, out _))
            {
                problem = CliWords.NoCardIn(reader);
                return null;
            }
            return PcscTransport.Connect(reader);
        }
        if (readers.Count == 0)
        {
            problem = CliWords.NoReader(null);
            return null;
        }
        var withCard = readers.Where(r => context.IsCardPresent(r, out _)).ToList();
        switch (withCard.Count)
        {
            case 0:
                problem = readers.Count == 1 ? CliWords.NoCardIn(readers[0]) : CliWords.NoCardInAnyReader;
                return null;
            case 1:
                return PcscTransport.Connect(withCard[0]);
            default:
                problem = CliWords.SeveralCards(withCard);
                return null;
        }
    }

    /// <summary>The PC/SC context, or null with the problem when PC/SC is not there.</summary>
    public static PcscContext? EstablishOrNull(out CliProblem? problem)
    {
        problem = null;
        try
        {
            return PcscContext.Establish();
        }
        catch (PlatformNotSupportedException)
        {
            problem = CliWords.NoPcsc("PC/SC: pcsc-lite on 64-bit Linux only");
            return null;
        }
        catch (CardTransportException e)
        {
            problem = Describe(e, null);
            return null;
        }
    }

    /// <summary>
    /// The card file in process, held (and locked) until the transport is disposed. Never creates a sealing key: a
    /// new key would open no existing card, and a read must leave the data directory as it found it.
    /// </summary>
    private static ICardTransport? OpenFile(CliContext context, FileInfo path, out CliProblem? problem)
    {
        problem = null;
        if (!path.Exists)
        {
            problem = CliWords.NoSuchFile(path.FullName);
            return null;
        }
        var key = ChipSealingKey.LoadExisting(context.Home.ChipSealingKeyPath);
        if (key is null)
        {
            problem = CliWords.NoSealingKey(context.Home.Root);
            return null;
        }
        VirtualCard card;
        try
        {
            card = VirtualCard.Open(new FileCardImageStore(path.FullName, key, lockTimeout: TimeSpan.Zero));
        }
        catch (CardFileInUseException e)
        {
            key.Dispose();
            problem = CliWords.CardFileInUse(e.Message);
            return null;
        }
        if (card.IsErased)
        {
            card.Dispose();
            key.Dispose();
            problem = CliWords.SealedElsewhere(context.Home.Root);
            return null;
        }
        return new OwningEmulatorTransport(card, key, path.Name);
    }

    /// <summary>The in-process transport for a card file the command opened itself, closing it at the end.</summary>
    private sealed class OwningEmulatorTransport(VirtualCard card, ChipSealingKey key, string name) : ICardTransport
    {
        private readonly EmulatorTransport _inner = new(card, $"card file {name}");

        public string Name => _inner.Name;
        public ReadOnlyMemory<byte> Atr => _inner.Atr;
        public byte[] Transmit(ReadOnlySpan<byte> commandApdu) => _inner.Transmit(commandApdu);

        public void Dispose()
        {
            _inner.Dispose();
            card.Dispose();
            key.Dispose(); // after the card: its store seals every write with the key
        }
    }
}

/// <summary>A My Number Card opened for one command: the client that drives it, and its serial as the chip gives it.</summary>
internal sealed class OpenedCard : IDisposable
{
    private readonly ICardTransport _transport;

    private OpenedCard(ICardTransport transport, MynaCardClient client, string? serial)
    {
        _transport = transport;
        Client = client;
        Serial = serial;
    }

    public MynaCardClient Client { get; }

    /// <summary>Where the card is: the reader's name, or the card file's.</summary>
    public string Location => _transport.Name;

    public ReadOnlyMemory<byte> Atr => _transport.Atr;

    /// <summary>
    /// The card serial as the card's public interface gives it, the 15 digits of the common AP's record (card-interface
    /// §2.4), whatever application another client left selected; null on a card without the record.
    /// </summary>
    /// <remarks>
    /// The chip's 16-digit id by GET DATA answers only right after a reset (no AP selected), which a PC/SC client
    /// sharing the card cannot count on: the record gives the same serial on every connection.
    /// </remarks>
    public string? Serial { get; }

    /// <summary>Selects JPKI (a card without it is not a My Number Card) and reads the serial.</summary>
    internal static OpenedCard? Start(ICardTransport transport, out CliProblem? problem)
    {
        problem = null;
        var client = new MynaCardClient(transport);
        try
        {
            client.SelectApplication(CardApplication.Jpki);
        }
        catch (CardCommandException)
        {
            transport.Dispose();
            problem = CliWords.NotAMyNumberCard;
            return null;
        }
        string? serial = null;
        try
        {
            serial = client.ReadCommonRecord().CardSerial;
            client.SelectApplication(CardApplication.Jpki);
        }
        catch (Exception e) when (e is CardCommandException or CardDataFormatException)
        {
            // A card without the common AP's record: no serial to show.
        }
        return new OpenedCard(transport, client, serial);
    }

    public void Dispose() => _transport.Dispose();
}
