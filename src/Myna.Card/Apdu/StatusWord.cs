using System.Globalization;

namespace Myna.Card.Apdu;

/// <summary>
/// The two trailing bytes SW1-SW2 of a response APDU (ISO/IEC 7816-4 §5.1.3), with the values this card
/// uses (card-interface §4 "Status words used").
/// </summary>
public readonly record struct StatusWord(ushort Value)
{
    public byte Sw1 => unchecked((byte)(Value >> 8));
    public byte Sw2 => unchecked((byte)Value);

    public static StatusWord Of(byte sw1, byte sw2) => new((ushort)((sw1 << 8) | sw2));

    /// <summary>9000: normal processing.</summary>
    public static readonly StatusWord Success = new(0x9000);
    /// <summary>6300: verification failed (no counter), e.g. a wrong issuer cryptogram.</summary>
    public static readonly StatusWord VerificationFailed = new(0x6300);
    /// <summary>6581: memory failure (the card could not make a state change durable).</summary>
    public static readonly StatusWord MemoryFailure = new(0x6581);
    /// <summary>6700: wrong length.</summary>
    public static readonly StatusWord WrongLength = new(0x6700);
    /// <summary>6981: command incompatible with file structure (e.g. READ BINARY of a key EF).</summary>
    public static readonly StatusWord IncompatibleFileStructure = new(0x6981);
    /// <summary>6982: security status not satisfied (PIN not verified, no issuer session).</summary>
    public static readonly StatusWord SecurityStatusNotSatisfied = new(0x6982);
    /// <summary>6983: authentication method blocked (generic; the card itself answers 6984 for a blocked PIN).</summary>
    public static readonly StatusWord AuthenticationMethodBlocked = new(0x6983);
    /// <summary>6984: reference data not usable: the PIN is blocked (card-interface §3).</summary>
    public static readonly StatusWord ReferenceDataNotUsable = new(0x6984);
    /// <summary>6985: conditions of use not satisfied.</summary>
    public static readonly StatusWord ConditionsNotSatisfied = new(0x6985);
    /// <summary>6986: command not allowed, no current EF.</summary>
    public static readonly StatusWord NoCurrentEf = new(0x6986);
    /// <summary>6A80: incorrect parameters in the data field.</summary>
    public static readonly StatusWord WrongData = new(0x6A80);
    /// <summary>6A81: function not supported (a terminated card answers this to everything).</summary>
    public static readonly StatusWord FunctionNotSupported = new(0x6A81);
    /// <summary>6A82: file or application not found.</summary>
    public static readonly StatusWord FileNotFound = new(0x6A82);
    /// <summary>6A83: record not found (READ RECORD).</summary>
    public static readonly StatusWord RecordNotFound = new(0x6A83);
    /// <summary>6A86: incorrect P1-P2.</summary>
    public static readonly StatusWord WrongP1P2 = new(0x6A86);
    /// <summary>6A88: referenced data object not found (GET DATA).</summary>
    public static readonly StatusWord DataNotFound = new(0x6A88);
    /// <summary>6B00: wrong parameters, offset outside the EF (JICSAP 7.3.1).</summary>
    public static readonly StatusWord OffsetOutOfRange = new(0x6B00);
    /// <summary>6D00: instruction not supported.</summary>
    public static readonly StatusWord InstructionNotSupported = new(0x6D00);
    /// <summary>6E00: class not supported.</summary>
    public static readonly StatusWord ClassNotSupported = new(0x6E00);
    /// <summary>6F00: no precise diagnosis.</summary>
    public static readonly StatusWord NoPreciseDiagnosis = new(0x6F00);

    /// <summary>63Cx: wrong PIN (or a retry query), x tries left (0–15).</summary>
    public static StatusWord TriesLeft(int tries) =>
        new((ushort)(0x63C0 | Math.Clamp(tries, 0, 15)));

    public bool IsSuccess => Value == 0x9000;

    /// <summary>True for 63Cx; <paramref name="tries"/> is x.</summary>
    public bool IsTriesLeft(out int tries)
    {
        tries = Value & 0x0F;
        return (Value & 0xFFF0) == 0x63C0;
    }

    public override string ToString() => Value.ToString("X4", CultureInfo.InvariantCulture);
}
