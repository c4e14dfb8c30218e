using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Myna.Storage.Shared;

namespace Myna.Server.SharedState;

/// <summary>
/// ASP.NET Core's data-protection keys (the session and portal cookies' keys) in the shared key store, encrypted
/// under the key-encryption key like every shared key, so that a cookie one server made opens on every other.
/// </summary>
/// <remarks>
/// The encryption is the store's (AES-256-GCM, the key's name as associated data), not an <c>IXmlEncryptor</c>: the
/// framework therefore logs at start that no XML encryptor is configured, which here does not mean the keys lie in
/// the clear. A key is written once under its own name and never changed; the framework revokes by adding elements.
/// </remarks>
internal sealed class SharedDataProtectionKeys(KeyMaterialStore store) : IXmlRepository
{
    /// <summary>The names of the data-protection keys in the shared key store.</summary>
    public const string Prefix = "data-protection/";

    // The framework calls these synchronously, at most when its key ring is refreshed (about once a day).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ReadAllAsync(Prefix).GetAwaiter().GetResult()
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => XElement.Parse(Encoding.UTF8.GetString(k.Value)))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = Prefix + (string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName);
        store.AddIfAbsentAsync(name, Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();
    }
}
