using Myna.Documents;

namespace Myna.Documents.Tests;

/// <summary>The test data: certificates as the kiosk would fill them, and the authority that seals them.</summary>
internal static class Certificates
{
    public static readonly IssuingMunicipality Koriyama = new("072036", "福島県郡山市");
    public static readonly IssuingMunicipality Chiyoda = new("131016", "東京都千代田区");

    public static readonly DateOnly IssueDate = new(2026, 12, 6);

    /// <summary>
    /// A realistic 住民票の写し: the household of four with their particulars, and the household head's history of
    /// addresses as a 附票 would list it — the size docs/documents.md §6 measures.
    /// </summary>
    public static CertificateContent ResidentRecord(string issueNumber = "R08-072036-000123", DateOnly? issueDate = null) => new(
        CertificateKind.ResidentRecord, Koriyama, issueNumber, issueDate ?? IssueDate,
        [
            new CertificateField("住所", "福島県郡山市朝日一丁目２３番７号　朝日ハイツ１０２号室"),
            new CertificateField("世帯主", "番号　太郎"),
            new CertificateField("本籍", "福島県郡山市朝日一丁目２３番地"),
            new CertificateField("筆頭者", "番号　太郎"),
            new CertificateTable("世帯員",
                ["氏名", "フリガナ", "生年月日", "性別", "続柄", "住民となった年月日"],
                [
                    ["番号　太郎", "バンゴウ　タロウ", "昭和６０年４月１日", "男", "世帯主", "平成２２年４月１日"],
                    ["番号　花子", "バンゴウ　ハナコ", "昭和６２年１１月２５日", "女", "妻", "平成２４年６月１０日"],
                    ["番号　一郎", "バンゴウ　イチロウ", "平成２６年５月５日", "男", "子", "平成２６年５月５日"],
                    ["番号　髙乃", "バンゴウ　タカノ", "平成３０年３月３日", "女", "子", "平成３０年３月３日"],
                ]),
            new CertificateTable("住所の履歴（戸籍の附票）",
                ["住所", "住所を定めた年月日"],
                [
                    ["東京都千代田区霞が関一丁目１番１号", "平成１５年４月１日"],
                    ["宮城県仙台市青葉区国分町三丁目７番１号", "平成１９年１０月１日"],
                    ["福島県郡山市堂前町２５番１１号", "平成２２年４月１日"],
                    ["福島県郡山市朝日一丁目２３番７号　朝日ハイツ１０２号室", "平成２４年６月１０日"],
                ]),
            new CertificateField("前住所", "福島県郡山市堂前町２５番１１号"),
            new CertificateField("備考", "個人番号及び住民票コードの記載を省略"),
        ],
        mayor: "郡山市長　品川　萬里");

    /// <summary>A short certificate of each kind, the kind's own attestation.</summary>
    public static CertificateContent Short(CertificateKind kind, IssuingMunicipality? municipality = null) => new(
        kind, municipality ?? Koriyama, "K-0001", IssueDate,
        [new CertificateField("氏名", "番号　花子"), new CertificateField("住所", "福島県郡山市朝日一丁目２３番７号")]);

    /// <summary>The authority of the tests, valid 2020–2040; Koriyama's and Chiyoda's sealing certificates for 2025–2030.</summary>
    public static readonly Lazy<SealAuthority> Authority = new(() =>
        SealAuthority.Create("Myna LGPKI stand-in (test)", Instant(2020, 1, 1), Instant(2040, 1, 1)));

    public static readonly Lazy<System.Security.Cryptography.X509Certificates.X509Certificate2> KoriyamaSealing = new(() =>
        Authority.Value.IssueSealingCertificate(Koriyama, Instant(2025, 1, 1), Instant(2030, 1, 1)));

    public static readonly Lazy<System.Security.Cryptography.X509Certificates.X509Certificate2> ChiyodaSealing = new(() =>
        Authority.Value.IssueSealingCertificate(Chiyoda, Instant(2025, 1, 1), Instant(2030, 1, 1)));

    public static DocumentSealer KoriyamaSealer => new(KoriyamaSealing.Value);

    /// <summary>A verifier trusting the test authority and both municipalities.</summary>
    public static SealVerifier Verifier => new(Authority.Value.Root, [KoriyamaSealing.Value, ChiyodaSealing.Value]);

    /// <summary>Midnight of that day in Japan.</summary>
    public static DateTimeOffset Instant(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.FromHours(9));
}
