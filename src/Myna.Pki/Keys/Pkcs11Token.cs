using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Myna.Pki.Keys;

/// <summary>
/// A logged-in read/write session on one token, shared by a <see cref="Pkcs11CaKeyStore"/> and the signers
/// it hands out, and reference-counted so a signer keeps working after its store is disposed.
/// </summary>
/// <remarks>
/// Thread-safety: every call into the token goes through <see cref="Use{T}"/>, which holds a lock, so one
/// session serves all threads one operation at a time (a PKCS#11 session must not run two operations at
/// once). The session stays open because PKCS#11 login state ends when an application's last session closes.
/// </remarks>
internal sealed class Pkcs11Token
{
    private readonly Lock _gate = new();
    private readonly Pkcs11Module _module;
    private readonly ISession _session;
    private int _references = 1;

    private Pkcs11Token(Pkcs11Module module, ISession session, string label)
    {
        _module = module;
        _session = session;
        Label = label;
    }

    /// <summary>The token's label.</summary>
    public string Label { get; }

    public static Pkcs11Token Open(Pkcs11CaKeyStoreOptions options)
    {
        var module = Pkcs11Module.Acquire(options.LibraryPath);
        ISession? session = null;
        try
        {
            var slot = FindSlot(module.Library, options.TokenLabel, options.LibraryPath);
            session = slot.OpenSession(SessionType.ReadWrite);
            try
            {
                session.Login(CKU.CKU_USER, options.UserPin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Login state is per application and token: another store in this process already logged in.
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE)
            {
                // Never the PIN itself in the message.
                throw new CryptographicException(
                    $"PKCS#11 login to token '{options.TokenLabel}' failed: wrong user PIN ({e.RV}).", e);
            }
            catch (Pkcs11Exception e)
            {
                throw new CryptographicException(
                    $"PKCS#11 login to token '{options.TokenLabel}' failed: {e.RV}.", e);
            }
            return new Pkcs11Token(module, session, options.TokenLabel);
        }
        catch
        {
            session?.Dispose();
            module.Release();
            throw;
        }
    }

    /// <summary>Runs <paramref name="operation"/> on the session under the lock; PKCS#11 errors become <see cref="CryptographicException"/>.</summary>
    public T Use<T>(string what, Func<ISession, T> operation)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_references <= 0, this);
            try
            {
                return operation(_session);
            }
            catch (Pkcs11Exception e)
            {
                throw new CryptographicException($"PKCS#11 {what} on token '{Label}' failed: {e.RV}.", e);
            }
        }
    }

    public void AddReference()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_references <= 0, this);
            _references++;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            if (_references <= 0 || --_references > 0)
                return;
            _session.Dispose();
        }
        _module.Release();
    }

    private static ISlot FindSlot(IPkcs11Library library, string tokenLabel, string libraryPath)
    {
        // The slot id changes when a token is initialised (SoftHSM2 assigns a new one), so match the label.
        var slots = library.GetSlotList(SlotsType.WithTokenPresent);
        var labels = new List<string>();
        foreach (var slot in slots)
        {
            var label = slot.GetTokenInfo().Label.TrimEnd(' ', '\0');
            if (string.Equals(label, tokenLabel, StringComparison.Ordinal))
                return slot;
            labels.Add(label);
        }
        var seen = labels.Count == 0 ? "no initialised tokens" : "tokens '" + string.Join("', '", labels) + "'";
        throw new CryptographicException(
            $"No PKCS#11 token labelled '{tokenLabel}' in '{libraryPath}' (found {seen}). For SoftHSM2, check "
            + "SOFTHSM2_CONF in the process environment and initialise the token with softhsm2-util --init-token.");
    }
}
