using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Myna.Documents;

/// <summary>
/// PDFsharp's font resolver for the certificates: it serves the Japanese font files the <see cref="CertificatePdf"/>s
/// were made with, under family names of their own, and hands every other family to the resolver it wraps.
/// </summary>
/// <remarks>
/// <para>PDFsharp on Linux finds no system fonts and asks one process-wide resolver
/// (<see cref="GlobalFontSettings.FontResolver"/>), which may be set only before the first font is used and never
/// changed after. <see cref="CertificatePdf"/> calls <see cref="Install"/> before its first page, once, under a lock:</para>
/// <list type="bullet">
/// <item>no resolver yet: this one becomes the resolver;</item>
/// <item>the application set its own: this one becomes the fallback resolver (<see cref="GlobalFontSettings.FallbackFontResolver"/>),
/// which PDFsharp asks when the application's returns <c>null</c> — as it must for the certificates' family names, which
/// start with <see cref="FamilyPrefix"/>;</item>
/// <item>both are taken: <see cref="Install"/> refuses, naming the remedy: the application wraps its resolver,
/// <c>GlobalFontSettings.FontResolver = new DocumentFontResolver(itsResolver)</c>, before its first PDF.</item>
/// </list>
/// The files are registered in one static table, so any instance serves them: PDFsharp keeps the first instance it was
/// given when handed another of the same type.
/// </remarks>
public sealed class DocumentFontResolver : IFontResolver
{
    /// <summary>The start of the family names this resolver serves: the prefix and then the font file's full path.</summary>
    public const string FamilyPrefix = "Myna.Documents:";

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Files = new(StringComparer.Ordinal);
    private static readonly Lock InstallLock = new();

    private readonly IFontResolver? _inner;

    /// <param name="inner">The application's own resolver, asked for every family that is not a certificate font.</param>
    public DocumentFontResolver(IFontResolver? inner = null) => _inner = inner;

    /// <summary>The family name under which the font at <paramref name="fullPath"/> is served, registering it.</summary>
    internal static string Register(string fullPath)
    {
        Files.GetOrAdd(fullPath, path => new Lazy<byte[]>(() => File.ReadAllBytes(path)));
        return FamilyPrefix + fullPath;
    }

    /// <summary>Makes a <see cref="DocumentFontResolver"/> PDFsharp's resolver or fallback resolver, once.</summary>
    /// <exception cref="InvalidOperationException">The application has set both resolvers, neither of them this one.</exception>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (GlobalFontSettings.FontResolver is DocumentFontResolver || GlobalFontSettings.FallbackFontResolver is DocumentFontResolver)
                return;
            if (GlobalFontSettings.FontResolver is null)
                GlobalFontSettings.FontResolver = new DocumentFontResolver();
            else if (GlobalFontSettings.FallbackFontResolver is null)
                GlobalFontSettings.FallbackFontResolver = new DocumentFontResolver();
            else
                throw new InvalidOperationException(
                    "PDFsharp's font resolver and fallback resolver are both set, neither to Myna's: set " +
                    "GlobalFontSettings.FontResolver = new DocumentFontResolver(yourResolver) before the first PDF is made.");
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName.StartsWith(FamilyPrefix, StringComparison.Ordinal) && Files.ContainsKey(familyName[FamilyPrefix.Length..])
            // IPAex has one weight: bold is simulated (rarely used here), italic never.
            ? new FontResolverInfo(familyName, mustSimulateBold: bold, mustSimulateItalic: italic)
            : _inner?.ResolveTypeface(familyName, bold, italic);

    public byte[]? GetFont(string faceName) =>
        faceName.StartsWith(FamilyPrefix, StringComparison.Ordinal) && Files.TryGetValue(faceName[FamilyPrefix.Length..], out var file)
            ? file.Value
            : _inner?.GetFont(faceName);
}

/// <summary>The Japanese font a certificate is printed in is not installed.</summary>
public sealed class DocumentFontNotFoundException : FileNotFoundException
{
    public DocumentFontNotFoundException()
    {
    }

    public DocumentFontNotFoundException(string message) : base(message)
    {
    }

    public DocumentFontNotFoundException(string message, Exception inner) : base(message, inner)
    {
    }

    internal static DocumentFontNotFoundException For(string path) => new(
        $"The certificate font '{path}' is missing or not a TrueType font: install fonts-ipaexfont " +
        "(apt-get install -y fonts-ipaexfont) or pass the path of IPAex Mincho (ipaexm.ttf).");
}
