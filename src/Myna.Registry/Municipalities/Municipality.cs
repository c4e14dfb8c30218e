namespace Myna.Registry.Municipalities;

/// <summary>A municipality (市区町村) that keeps resident records and runs a card window.</summary>
public sealed class Municipality
{
    /// <summary>Koriyama City, Fukushima: the demo municipality of the guidebook.</summary>
    public static Municipality Koriyama() =>
        new(LocalGovernmentCode.Parse("07203").Value, "福島県", "郡山市", "Fukushima-ken", "Koriyama-shi");

    public Municipality(LocalGovernmentCode code, string prefecture, string name, string prefectureRomaji, string nameRomaji)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefecture);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefectureRomaji);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameRomaji);
        Code = code;
        Prefecture = prefecture;
        Name = name;
        PrefectureRomaji = prefectureRomaji;
        NameRomaji = nameRomaji;
    }

    public LocalGovernmentCode Code { get; private set; }

    /// <summary>The prefecture in Japanese (福島県).</summary>
    public string Prefecture { get; private set; }

    /// <summary>The municipality in Japanese (郡山市).</summary>
    public string Name { get; private set; }

    /// <summary>The prefecture in romaji, as certificates' CRL distribution point names carry it (card-interface §6).</summary>
    public string PrefectureRomaji { get; private set; }

    /// <summary>The municipality in romaji, as certificates carry it (card-interface §6).</summary>
    public string NameRomaji { get; private set; }

    /// <summary>The municipality as a person reads it: 福島県郡山市 / Koriyama-shi, Fukushima-ken.</summary>
    public Myna.Primitives.Text.LocalizedText DisplayName => new(Prefecture + Name, NameRomaji + ", " + PrefectureRomaji);

    /// <summary>The name of <paramref name="municipality"/> as a person reads it; for one not known here, the words for it.</summary>
    public static Myna.Primitives.Text.LocalizedText DisplayNameOf(Municipality? municipality) =>
        municipality?.DisplayName ?? new("住所地の市区町村", "The municipality of residence");

    public override string ToString() => Prefecture + Name;
}
