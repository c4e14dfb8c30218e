using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Myna.Pki.Keys;

/// <summary>
/// One loaded PKCS#11 module per library path, shared by every store in the process and reference-counted:
/// a module is initialised once (a second <c>C_Initialize</c> would fail with
/// CKR_CRYPTOKI_ALREADY_INITIALIZED) and finalised when its last user lets go.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static bool _resolverInstalled;
    private readonly string _path;
    private int _references;

    private Pkcs11Module(string path, IPkcs11Library library)
    {
        _path = path;
        Library = library;
    }

    public IPkcs11Library Library { get; }

    public static Pkcs11Module Acquire(string path)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                InstallLibdlResolver();
                if (!File.Exists(path))
                {
                    throw new CryptographicException(
                        $"The PKCS#11 module '{path}' does not exist (for SoftHSM2: apt-get install softhsm2).");
                }
                var factories = new Pkcs11InteropFactories();
                IPkcs11Library library;
                try
                {
                    library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
                }
                catch (Pkcs11Exception e)
                {
                    throw new CryptographicException($"Cannot initialise the PKCS#11 module '{path}': {e.RV}.", e);
                }
                module = new Pkcs11Module(path, library);
                Loaded.Add(path, module);
            }
            module._references++;
            return module;
        }
    }

    public void Release()
    {
        lock (Gate)
        {
            if (--_references > 0)
                return;
            Loaded.Remove(_path);
            Library.Dispose();
        }
    }

    /// <summary>
    /// Pkcs11Interop 5.3.0 calls <c>dlopen</c> from a library named <c>libdl</c>, which glibc ≥ 2.34 ships only
    /// as <c>libdl.so.2</c> (the unversioned name comes with no runtime package): map the name, as the
    /// maintainer recommends. Installed once per process; other names fall through to the default probing.
    /// </summary>
    private static void InstallLibdlResolver()
    {
        if (_resolverInstalled)
            return;
        NativeLibrary.SetDllImportResolver(typeof(CKA).Assembly, (name, assembly, searchPath) =>
            name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", assembly, searchPath, out var handle)
                ? handle
                : IntPtr.Zero);
        _resolverInstalled = true;
    }
}
