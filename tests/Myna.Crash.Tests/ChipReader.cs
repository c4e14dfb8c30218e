using System.Security.Cryptography;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Crash.Tests;

/// <summary>
/// What a reader sees on a card file: the certificates, which of the harness's PINs open them (by label), and
/// the card-face text (four basic details). Null serial: no certificate of that kind on the chip.
/// </summary>
public sealed record ChipView(
    string? SignatureSerial, string? SignaturePin, bool SignatureUnreadable,
    string? AuthenticationSerial, string? AuthenticationPin,
    BasicFourInformation? Face, string? Problem)
{
    public string? SerialOf(string hierarchy) => hierarchy == Hierarchies.Signature ? SignatureSerial : AuthenticationSerial;

    public IEnumerable<(string Hierarchy, string Serial)> Certificates()
    {
        if (SignatureSerial is not null)
            yield return (Hierarchies.Signature, SignatureSerial);
        if (AuthenticationSerial is not null)
            yield return (Hierarchies.UserAuthentication, AuthenticationSerial);
    }
}

/// <summary>
/// Reads card files as a reader does (<see cref="MynaCardClient"/> over <see cref="EmulatorTransport"/>), each
/// time on a scratch copy opened with the data directory's chip sealing key: the server's own file is never
/// locked or written, and a wrong PIN tried on a copy costs the real chip nothing. Views are cached by the file's
/// content, so an unchanged chip is read once per run.
/// </summary>
public sealed class ChipReader : IDisposable
{
    private readonly ChipSealingKey _key;
    private readonly string _scratch = Directory.CreateTempSubdirectory("myna-crash-chip-").FullName;
    private readonly Dictionary<string, ChipView> _cache = [];

    public ChipReader(string dataDirectory)
    {
        var keyFile = Path.Combine(dataDirectory, "keys", "chip-sealing.key");
        var bytes = File.ReadAllBytes(keyFile);
        try
        {
            _key = ChipSealingKey.FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The view of <paramref name="cardFile"/>, or null when the file does not exist.</summary>
    public ChipView? Read(string cardFile)
    {
        byte[] image;
        try
        {
            image = File.ReadAllBytes(cardFile);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        var hash = Convert.ToHexString(SHA256.HashData(image));
        if (!_cache.TryGetValue(hash, out var view))
        {
            view = ReadImage(image);
            _cache[hash] = view;
        }
        return view;
    }

    /// <summary>Uses a copy of <paramref name="cardFile"/> as a reader would (a PIN, a signature): the server's own file is not touched.</summary>
    public T OnCopyOf<T>(string cardFile, Func<MynaCardClient, T> use) => OnCopy(File.ReadAllBytes(cardFile), use);

    public void Dispose()
    {
        _key.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // Scratch copies in the temp directory; nothing depends on them.
        }
    }

    private ChipView ReadImage(byte[] image)
    {
        try
        {
            var (authentication, signatureSet, authenticationSet) = OnCopy(image, client => (
                TryRead(client.ReadAuthenticationCertificate),
                client.GetPinStatus(PinKind.Signature).IsSet,
                client.GetPinStatus(PinKind.UserAuthentication).IsSet));
            var authenticationPin = authenticationSet ? Opening(image, PinKind.UserAuthentication, PinBook.UserAuthentication) : null;

            string? signature = null;
            string? signaturePin = null;
            if (signatureSet)
            {
                foreach (var (label, pin) in PinBook.Signature)
                {
                    signature = OnCopy(image, client => client.VerifyPin(Pin.Parse(PinKind.Signature, pin).Value).IsVerified
                        ? client.ReadSignatureCertificate().SerialNumber
                        : null);
                    if (signature is not null)
                    {
                        signaturePin = label;
                        break;
                    }
                }
            }

            BasicFourInformation? face = null;
            foreach (var (_, pin) in PinBook.TextInputAssist)
            {
                face = OnCopy(image, client => client.VerifyPin(Pin.Parse(PinKind.TextInputAssist, pin).Value).IsVerified
                    ? client.ReadBasicFourInformation()
                    : null);
                if (face is not null)
                    break;
            }
            return new ChipView(signature, signaturePin, signatureSet && signature is null, authentication, authenticationPin, face,
                face is null ? "the card-face text is not readable with the harness's input-assist PIN" : null);
        }
        catch (Exception e) when (e is CardCommandException or CardDataFormatException or InvalidOperationException or IOException)
        {
            return new ChipView(null, null, false, null, null, null, $"chip unreadable ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>The label of the harness PIN that the chip accepts for <paramref name="kind"/>, or null.</summary>
    private string? Opening(byte[] image, PinKind kind, (string Label, string Pin)[] candidates)
    {
        foreach (var (label, pin) in candidates)
        {
            if (OnCopy(image, client => client.VerifyPin(Pin.Parse(kind, pin).Value).IsVerified))
                return label;
        }
        return null;
    }

    private static string? TryRead(Func<System.Security.Cryptography.X509Certificates.X509Certificate2> read)
    {
        try
        {
            using var certificate = read();
            return certificate.SerialNumber;
        }
        catch (CardCommandException)
        {
            return null; // no such file on this chip
        }
    }

    private T OnCopy<T>(byte[] image, Func<MynaCardClient, T> read)
    {
        var path = Path.Combine(_scratch, Guid.NewGuid().ToString("N") + ".card");
        File.WriteAllBytes(path, image);
        try
        {
            using var chip = VirtualCard.Open(new FileCardImageStore(path, _key, lockTimeout: TimeSpan.Zero));
            return read(new MynaCardClient(new EmulatorTransport(chip)));
        }
        finally
        {
            File.Delete(path);
            File.Delete(CardFileLock.LockPathFor(path));
        }
    }
}
