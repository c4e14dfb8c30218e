using System.Globalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;

namespace Myna.RegistryScale;

/// <summary>
/// The residents of a generated registry, each made from its number alone (0, 1, 2 …) and a seed, so that a look-up
/// can ask for resident 123,456's My Number or name again without reading it back: real <see cref="Resident"/> and
/// <see cref="CardRecord"/> objects, built through their constructors and state changes as the window builds them.
/// </summary>
/// <remarks>
/// What is drawn, for a registry swept up to the day before <see cref="Today"/>: birth dates over 0–100 years (fewer
/// from 70 on), one of <see cref="Municipalities"/>, names from short lists of common names, addresses; a card for
/// four in five residents, issued over the last ten years with the wave of 2020–2023 (so that the 5-year certificates
/// of that wave fall due now), expiries by V2; a card past its expiry was mostly renewed (the old one replaced), else
/// recorded as expired; certificates by age (P4: none for signature under 15), renewed after 5 years by most holders;
/// about 1 % suspended, 0.5 % returned. Cards expiring the day before <see cref="Today"/> stay in use: they are what
/// the day's sweep finds. My Numbers and resident record codes are unique by construction (an affine bijection of
/// the resident's number), with correct check digits.
/// </remarks>
public sealed class Population(int seed, DateOnly today)
{
    /// <summary>The day of the sweep measured after the load: the registry is as the sweeps up to the day before left it.</summary>
    public DateOnly Today { get; } = today;

    /// <summary>Where residents live, with a weight roughly proportional to population.</summary>
    public static readonly IReadOnlyList<(Municipality Municipality, int Weight, string[] Towns)> Municipalities =
    [
        (Town("07203", "福島県", "郡山市", "Fukushima-ken", "Koriyama-shi"), 3, ["虎丸町", "堤下町", "朝日", "開成", "安積町荒井"]),
        (Town("13101", "東京都", "千代田区", "Tokyo-to", "Chiyoda-ku"), 1, ["九段南", "神田神保町", "麹町", "永田町"]),
        (Town("13104", "東京都", "新宿区", "Tokyo-to", "Shinjuku-ku"), 4, ["西新宿", "高田馬場", "四谷", "神楽坂"]),
        (Town("13112", "東京都", "世田谷区", "Tokyo-to", "Setagaya-ku"), 9, ["三軒茶屋", "下北沢", "用賀", "成城", "経堂"]),
        (Town("14100", "神奈川県", "横浜市", "Kanagawa-ken", "Yokohama-shi"), 37, ["中区山下町", "西区みなとみらい", "港北区日吉", "青葉区美しが丘"]),
        (Town("27100", "大阪府", "大阪市", "Osaka-fu", "Osaka-shi"), 27, ["北区梅田", "中央区難波", "天王寺区上本町", "淀川区西中島"]),
        (Town("23100", "愛知県", "名古屋市", "Aichi-ken", "Nagoya-shi"), 23, ["中区栄", "千種区今池", "中村区名駅", "昭和区御器所"]),
        (Town("01100", "北海道", "札幌市", "Hokkaido", "Sapporo-shi"), 19, ["中央区大通西", "北区北七条西", "豊平区平岸", "厚別区厚別中央"]),
        (Town("40130", "福岡県", "福岡市", "Fukuoka-ken", "Fukuoka-shi"), 16, ["博多区博多駅前", "中央区天神", "早良区西新", "東区香椎"]),
        (Town("04100", "宮城県", "仙台市", "Miyagi-ken", "Sendai-shi"), 11, ["青葉区一番町", "宮城野区榴岡", "泉区泉中央", "太白区長町"]),
        (Town("34100", "広島県", "広島市", "Hiroshima-ken", "Hiroshima-shi"), 12, ["中区紙屋町", "南区松原町", "西区己斐本町", "安佐南区祇園"]),
        (Town("47201", "沖縄県", "那覇市", "Okinawa-ken", "Naha-shi"), 3, ["久茂地", "泉崎", "首里金城町", "おもろまち"]),
        (Town("32201", "島根県", "松江市", "Shimane-ken", "Matsue-shi"), 2, ["殿町", "学園", "朝日町", "東本町"]),
        (Town("06201", "山形県", "山形市", "Yamagata-ken", "Yamagata-shi"), 2, ["旅篭町", "香澄町", "城南町", "桜町"]),
    ];

    /// <summary>Common family names (the first few cover a large share, as in Japan) with their kana.</summary>
    public static readonly IReadOnlyList<(string Name, string Kana)> FamilyNames =
    [
        ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"), ("渡辺", "ワタナベ"),
        ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
        ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"), ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"),
        ("斎藤", "サイトウ"), ("清水", "シミズ"), ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"),
        ("阿部", "アベ"), ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"), ("石井", "イシイ"), ("小川", "オガワ"),
        ("前田", "マエダ"), ("岡田", "オカダ"), ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"), ("近藤", "コンドウ"),
        ("村上", "ムラカミ"), ("遠藤", "エンドウ"), ("青木", "アオキ"), ("坂本", "サカモト"), ("斉藤", "サイトウ"), ("福田", "フクダ"),
        ("太田", "オオタ"), ("西村", "ニシムラ"), ("藤井", "フジイ"), ("金子", "カネコ"), ("岡本", "オカモト"), ("藤原", "フジワラ"),
        ("中野", "ナカノ"), ("三浦", "ミウラ"), ("原田", "ハラダ"), ("中川", "ナカガワ"), ("松田", "マツダ"), ("竹内", "タケウチ"),
        ("小野", "オノ"), ("田村", "タムラ"), ("中山", "ナカヤマ"), ("和田", "ワダ"), ("石田", "イシダ"), ("森田", "モリタ"),
    ];

    public static readonly IReadOnlyList<(string Name, string Kana)> MaleGivenNames =
    [
        ("蓮", "レン"), ("大翔", "ヒロト"), ("陽翔", "ハルト"), ("湊", "ミナト"), ("悠真", "ユウマ"), ("翔太", "ショウタ"), ("拓海", "タクミ"),
        ("大輔", "ダイスケ"), ("健太", "ケンタ"), ("誠", "マコト"), ("浩", "ヒロシ"), ("清", "キヨシ"), ("茂", "シゲル"), ("博", "ヒロシ"),
        ("隆", "タカシ"), ("修", "オサム"), ("一郎", "イチロウ"), ("太郎", "タロウ"), ("和也", "カズヤ"), ("直樹", "ナオキ"),
        ("哲也", "テツヤ"), ("達也", "タツヤ"), ("勇気", "ユウキ"), ("颯太", "ソウタ"), ("樹", "イツキ"), ("正", "タダシ"),
    ];

    public static readonly IReadOnlyList<(string Name, string Kana)> FemaleGivenNames =
    [
        ("陽葵", "ヒマリ"), ("凛", "リン"), ("結菜", "ユイナ"), ("葵", "アオイ"), ("さくら", "サクラ"), ("美咲", "ミサキ"), ("花子", "ハナコ"),
        ("陽子", "ヨウコ"), ("恵子", "ケイコ"), ("幸子", "サチコ"), ("和子", "カズコ"), ("洋子", "ヨウコ"), ("直美", "ナオミ"), ("真由美", "マユミ"),
        ("愛", "アイ"), ("彩", "アヤ"), ("優子", "ユウコ"), ("智子", "トモコ"), ("由美", "ユミ"), ("裕子", "ユウコ"),
        ("芽依", "メイ"), ("結衣", "ユイ"), ("美優", "ミユ"), ("千尋", "チヒロ"), ("久美子", "クミコ"), ("節子", "セツコ"),
    ];

    // Cards issued per year in the last ten, relative: the rush of 2020–2023 (the points campaign) shows as a wave.
    private static readonly int[] IssueYearWeights = [3, 3, 4, 11, 15, 24, 17, 9, 7, 7];

    private static readonly int TotalMunicipalityWeight = Municipalities.Sum(m => m.Weight);

    private static readonly int TotalIssueWeight = IssueYearWeights.Sum();

    private readonly ulong _seed = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);

    /// <summary>Resident <paramref name="n"/>'s id.</summary>
    public Guid ResidentId(long n) => IdOf(n, 1);

    /// <summary>Resident <paramref name="n"/>'s My Number: 11 digits from a bijection of n (unique), and its check digit.</summary>
    public static MyNumber MyNumberOf(long n)
    {
        // x ↦ (a·x + b) mod 10^11 is one-to-one when a is prime to 10.
        var eleven = (ulong)(((UInt128)(ulong)n * 73_939_133_717UL + 12_345_678_901UL) % 100_000_000_000UL);
        return MyNumber.FromFirstElevenDigits(eleven.ToString("D11", CultureInfo.InvariantCulture));
    }

    /// <summary>Resident <paramref name="n"/>'s record code (住民票コード): 10 digits from another bijection, and the check digit.</summary>
    public static ResidentRecordCode RecordCodeOf(long n)
    {
        var ten = ((ulong)(((UInt128)(ulong)n * 9_876_543_211UL + 1_234_567_890UL) % 10_000_000_000UL)).ToString("D10", CultureInfo.InvariantCulture);
        for (var check = 0; check < 10; check++)
        {
            if (ResidentRecordCode.Parse(ten + (char)('0' + check)) is { Success: true } code)
                return code.Value;
        }
        throw new InvalidOperationException("No check digit fits.");
    }

    /// <summary>Resident <paramref name="n"/> and their cards, oldest first (a replaced card before its successor).</summary>
    public Person Make(long n)
    {
        var random = new SplitMix(_seed ^ unchecked((ulong)n * 0xD1B54A32D192ED03UL));
        var (municipality, towns) = PickMunicipality(ref random);
        var sex = random.Below(2) == 0 ? Sex.Male : Sex.Female;
        var family = FamilyNames[Skewed(ref random, FamilyNames.Count)];
        var given = (sex == Sex.Male ? MaleGivenNames : FemaleGivenNames)[random.Below(MaleGivenNames.Count)];
        var birth = BirthDate(ref random);
        // Most were born here or moved in long ago; the record's day is never before the birth.
        var registeredOn = birth.AddDays(random.Below(Math.Max(1, Today.DayNumber - birth.DayNumber)));
        var address = string.Create(CultureInfo.InvariantCulture,
            $"{municipality.Prefecture}{municipality.Name}{towns[random.Below(towns.Length)]}{1 + random.Below(5)}丁目{1 + random.Below(30)}番{1 + random.Below(20)}号");
        var resident = new Resident(ResidentId(n), municipality.Code, RecordCodeOf(n), MyNumberOf(n),
            new PersonName(family.Name, given.Name, family.Kana, given.Kana), birth, sex, address, registeredOn);

        var cards = new List<CardRecord>(2);
        if (random.Below(100) < 80 && IssueDate(ref random, birth) is { } issued)
            AddCards(n, resident, municipality.Code, issued, ref random, cards);
        return new Person(n, resident, cards);
    }

    private void AddCards(long n, Resident resident, LocalGovernmentCode issuedBy, DateOnly issued, ref SplitMix random, List<CardRecord> cards)
    {
        var yesterday = Today.AddDays(-1);
        var card = NewCard(n, 0, resident, issuedBy, issued, ref random);
        cards.Add(card);
        if (card.ExpiresOn < yesterday)
        {
            // Past its expiry before yesterday: most renewed it in the window's three months (V1), the rest let it expire.
            if (random.Below(100) < 75)
            {
                var renewedOn = card.ExpiresOn.AddDays(-random.Below(90));
                var next = NewCard(n, 1, resident, issuedBy, renewedOn, ref random);
                card.ReplaceBy(next.Id, renewedOn, CardIssueOccasion.Renewal);
                cards.Add(next);
                card = next;
            }
            else
            {
                card.Expire(card.ExpiresOn.AddDays(1));
                return;
            }
        }
        if (card.ExpiresOn < yesterday)
        {
            card.Expire(card.ExpiresOn.AddDays(1));
            return;
        }
        var roll = random.Below(1000);
        var since = card.IssuedOn.DayNumber;
        var changedOn = DateOnly.FromDayNumber(since + random.Below(Math.Max(1, yesterday.DayNumber - since)));
        if (roll < 10)
            card.Suspend(changedOn);
        else if (roll < 15)
            card.Return(changedOn);
    }

    private CardRecord NewCard(long n, int generation, Resident resident, LocalGovernmentCode issuedBy, DateOnly issued, ref SplitMix random)
    {
        var expiry = CardExpiryRule.ExpiryFor(resident.BirthDate, issued);
        var code = random.Below(10_000).ToString("D4", CultureInfo.InvariantCulture);
        var card = new CardRecord(IdOf(n, 2 + generation), resident.Id,
            string.Create(CultureInfo.InvariantCulture, $"{generation + 1}{n:D15}"), issuedBy, issued, expiry, code, CardKey(ref random));
        var age = Birthdays.AgeOn(resident.BirthDate, issued);
        // P4: no signature certificate under 15; the representative of a child under 15 mostly wants the user-authentication one.
        if (age >= 15)
            LoadCertificate(n, generation, card, JpkiHierarchy.Signature, resident.BirthDate, issued, ref random);
        if (age >= 15 || random.Below(100) < 60)
            LoadCertificate(n, generation, card, JpkiHierarchy.UserAuthentication, resident.BirthDate, issued, ref random);
        return card;
    }

    private void LoadCertificate(long n, int generation, CardRecord card, JpkiHierarchy hierarchy, DateOnly birth, DateOnly issued, ref SplitMix random)
    {
        var expiry = CardExpiryRule.CertificateExpiryFor(birth, issued, card.ExpiresOn);
        card.LoadCertificate(new CardCertificate(hierarchy, Serial(n, generation, 0, hierarchy), issued, expiry), issued);
        // The 5-year certificates of a 10-year card: most holders renew them in the three months before (V1).
        if (expiry < Today.AddDays(-1) && expiry < card.ExpiresOn && random.Below(100) < 85)
        {
            var renewed = expiry.AddDays(-random.Below(90));
            card.LoadCertificate(new CardCertificate(hierarchy, Serial(n, generation, 1, hierarchy),
                renewed, CardExpiryRule.CertificateExpiryFor(birth, renewed, card.ExpiresOn)), renewed);
        }
    }

    /// <summary>Upper-case hex, unique per hierarchy: the resident, the card's generation and the certificate's.</summary>
    private static string Serial(long n, int cardGeneration, int certificateGeneration, JpkiHierarchy hierarchy) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)hierarchy}{cardGeneration}{certificateGeneration}{n:X13}");

    private (Municipality, string[]) PickMunicipality(ref SplitMix random)
    {
        var pick = random.Below(TotalMunicipalityWeight);
        foreach (var (municipality, weight, towns) in Municipalities)
        {
            if (pick < weight)
                return (municipality, towns);
            pick -= weight;
        }
        throw new InvalidOperationException("Weights do not add up.");
    }

    // Ages 0–100: even up to 70, then thinning out (a rough population pyramid).
    private DateOnly BirthDate(ref SplitMix random)
    {
        int age;
        do
        {
            age = random.Below(101);
        }
        while (age > 70 && random.Below(30) < age - 70);
        return Today.AddYears(-age).AddDays(-random.Below(365) - 1);
    }

    private DateOnly? IssueDate(ref SplitMix random, DateOnly birth)
    {
        var pick = random.Below(TotalIssueWeight);
        var year = 0;
        while (pick >= IssueYearWeights[year])
            pick -= IssueYearWeights[year++];
        var first = Today.AddYears(year - IssueYearWeights.Length);
        var issued = first.AddDays(random.Below(365));
        if (issued >= Today)
            issued = Today.AddDays(-1 - random.Below(30));
        // A card is made for a child after the birth is registered.
        return issued > birth.AddDays(30) ? issued : null;
    }

    // A few names are very common: the first of the list is drawn most often (as 佐藤 and 鈴木 are).
    private static int Skewed(ref SplitMix random, int count) => Math.Min(count - 1, (int)(count * Math.Pow(random.Unit(), 1.8)));

    private static byte[] CardKey(ref SplitMix random)
    {
        // The size of the card key's SubjectPublicKeyInfo (RSA 2048): a stand-in of the right length, not a key.
        var key = new byte[294];
        for (var i = 0; i < key.Length; i++)
            key[i] = unchecked((byte)random.Next());
        return key;
    }

    private Guid IdOf(long n, int kind)
    {
        var random = new SplitMix(_seed ^ unchecked((((ulong)n << 3) | (uint)kind) * 0x94D049BB133111EBUL));
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[..8], random.Next());
        BitConverter.TryWriteBytes(bytes[8..], random.Next());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as Guid.NewGuid's
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static Municipality Town(string code, string prefecture, string name, string prefectureRomaji, string nameRomaji) =>
        new(LocalGovernmentCode.Parse(code).Value, prefecture, name, prefectureRomaji, nameRomaji);
}

/// <summary>A generated resident and their cards (the current one last).</summary>
public sealed record Person(long Number, Resident Resident, IReadOnlyList<CardRecord> Cards);

/// <summary>SplitMix64: a small, fast generator whose whole state is one number, so each resident has its own.</summary>
internal struct SplitMix(ulong state)
{
    private ulong _state = state;

    public ulong Next()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public int Below(int bound) => (int)(Next() % (ulong)bound);

    public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));
}
