using Myna.Primitives.Text;

namespace Myna.Portal.Procedures;

/// <summary>
/// The catalogue of ぴったりサービス (U3.2): the procedures a holder can look up without logging in — by keyword, by life
/// event, by municipality — and apply for online. The sandbox's catalogue: child-rearing, care, moves, tax and health,
/// as the demo municipalities offer them.
/// </summary>
public static class ProcedureCatalogue
{
    /// <summary>The id of the registration of the card for health-insurance use (U3.7, U1.1), which the insurance service reads.</summary>
    public const string InsuranceUseRegistration = "insurance-use-registration";

    /// <summary>
    /// The id of the use registration (利用登録) for convenience-store issuance of family-register certificates by the
    /// municipality of 本籍, for holders registered elsewhere (U2.5); signed with the signature certificate and accepted
    /// by that municipality, after which its kiosk service issues them the certificates.
    /// </summary>
    public const string KioskUseRegistration = "kiosk-use-registration";

    private const string Koriyama = "07203";
    private const string Fukushima = "07201";
    private const string Chiyoda = "13101";

    /// <summary>The categories, each with its words.</summary>
    public static IReadOnlyDictionary<string, LocalizedText> Categories { get; } = new Dictionary<string, LocalizedText>
    {
        ["child-rearing"] = new("子育て", "Child-rearing"),
        ["care"] = new("介護", "Care"),
        ["moving"] = new("引越し", "Moving"),
        ["tax"] = new("税金", "Tax"),
        ["health"] = new("健康・医療", "Health and medical care"),
        ["certificates"] = new("証明書", "Certificates"),
    };

    /// <summary>The life events, each with its words.</summary>
    public static IReadOnlyDictionary<string, LocalizedText> LifeEvents { get; } = new Dictionary<string, LocalizedText>
    {
        ["birth"] = new("妊娠・出産", "Pregnancy and birth"),
        ["child"] = new("子育て", "Raising children"),
        ["move"] = new("引越し", "Moving house"),
        ["care"] = new("介護", "Looking after someone"),
        ["income"] = new("収入・税", "Income and tax"),
        ["illness"] = new("病気・けが", "Illness and injury"),
    };

    private static readonly FieldChoice[] Relationships =
    [
        new("father", new("父", "Father")), new("mother", new("母", "Mother")), new("other", new("その他", "Other")),
    ];

    /// <summary>Every procedure, in the order the catalogue lists them.</summary>
    public static IReadOnlyList<OnlineProcedure> All { get; } =
    [
        new("child-allowance-claim",
            new("児童手当の認定請求", "Claim for the child allowance"),
            new("児童を養育している方が、児童手当の支給を受けるための請求です。出生や転入の日の翌日から15日以内に請求してください。",
                "For those raising a child, to receive the child allowance. Claim within 15 days after the birth or the move-in."),
            "child-rearing", ["birth", "child", "move"], [Koriyama, Fukushima, Chiyoda], ProcedureSigning.SignatureCertificate,
            [
                new("childName", new("児童の氏名", "The child's name"), FieldType.Text, MaxLength: 40),
                new("childBirthDate", new("児童の生年月日", "The child's date of birth"), FieldType.Date),
                new("relationship", new("請求者と児童の続柄", "Your relationship to the child"), FieldType.Choice, Choices: Relationships),
                new("bankAccount", new("振込先口座（金融機関・支店・口座番号）", "Bank account for payment (bank, branch, number)"), FieldType.Text, MaxLength: 80),
            ]),
        new("child-allowance-status-report",
            new("児童手当の現況届", "Child allowance status report"),
            new("児童手当を受けている方が、引き続き受給する要件を満たしているかを届け出るものです。",
                "For those receiving the child allowance, to report that they still qualify for it."),
            "child-rearing", ["child"], [Koriyama, Fukushima], ProcedureSigning.SignatureCertificate,
            [
                new("children", new("養育している児童の人数", "Number of children you raise"), FieldType.Number),
                new("livesWithChildren", new("児童と同居しているか", "Do you live with the children?"), FieldType.Choice,
                    Choices: [new("yes", new("同居している", "Yes")), new("no", new("別居している", "No"))]),
            ]),
        new("nursery-application",
            new("保育施設等の利用申込", "Application for a nursery place"),
            new("保育所・認定こども園などの利用を希望する方の申込です。",
                "For those who wish to use a nursery or a certified centre for early childhood education and care."),
            "child-rearing", ["birth", "child", "move"], [Koriyama, Chiyoda], ProcedureSigning.SignatureCertificate,
            [
                new("childName", new("児童の氏名", "The child's name"), FieldType.Text, MaxLength: 40),
                new("childBirthDate", new("児童の生年月日", "The child's date of birth"), FieldType.Date),
                new("startDate", new("利用開始希望日", "Wished start date"), FieldType.Date),
                new("preferredNursery", new("希望する施設", "Preferred nursery"), FieldType.Text, MaxLength: 60),
            ]),
        new("care-needs-certification",
            new("要介護・要支援認定の申請", "Application for care-needs certification"),
            new("介護保険のサービスを利用するために、介護や支援が必要な状態かどうかの認定を申請するものです。",
                "To use care insurance services: an application to certify how much care or support is needed."),
            "care", ["care", "illness"], [Koriyama, Fukushima, Chiyoda], ProcedureSigning.SignatureCertificate,
            [
                new("insuredNumber", new("介護保険被保険者番号", "Care insurance number"), FieldType.Text, MaxLength: 10),
                new("currentState", new("現在の状況", "Current situation"), FieldType.Choice,
                    Choices: [new("home", new("在宅", "At home")), new("hospital", new("入院中", "In hospital")), new("facility", new("施設入所中", "In a care facility"))]),
                new("doctor", new("主治医（医療機関名・氏名）", "Attending doctor (clinic, name)"), FieldType.Text, MaxLength: 60),
            ]),
        new("move-out-notice",
            new("転出届（引越しワンストップサービス）", "Notice of moving out (the one-stop moving service)"),
            new("他の市区町村へ引っ越す方が、転出届をオンラインで提出するものです。転入先の窓口へは、マイナンバーカードを持って来庁してください。",
                "For those moving to another municipality, to give the move-out notice online. Then bring your card to the window of your new municipality."),
            "moving", ["move"], [Koriyama, Fukushima, Chiyoda], ProcedureSigning.SignatureCertificate,
            [
                new("newAddress", new("転出先の住所", "Your new address"), FieldType.Text, MaxLength: 100),
                new("moveDate", new("転出予定日", "Planned moving date"), FieldType.Date),
            ]),
        new("income-certificate-request",
            new("所得証明書の交付請求（郵送）", "Request for an income certificate (by post)"),
            new("所得・課税証明書を郵送で受け取るための請求です。手数料は郵便為替などで納めてください。",
                "To receive an income and tax certificate by post. Pay the fee by postal money order or the like."),
            "tax", ["income"], [Koriyama, Chiyoda], ProcedureSigning.SignatureCertificate,
            [
                new("fiscalYear", new("年度", "Fiscal year"), FieldType.Number),
                new("copies", new("通数", "Copies"), FieldType.Number),
            ]),
        new(KioskUseRegistration,
            new("コンビニ交付の利用登録（本籍地の戸籍証明書）", "Use registration for family-register certificates at convenience stores"),
            new("住民票のある市区町村とは別の市区町村に本籍がある方が、本籍地の戸籍証明書・戸籍の附票の写しをコンビニエンスストアで取得するための登録です。本籍地の市区町村に、署名用電子証明書で申請してください。",
                "For holders whose 本籍 (family register) is in a municipality other than the one where they are registered, to get its family-register certificates and attachment at convenience stores. Apply to the municipality of the family register, signed with the signature certificate."),
            "certificates", ["move"], [Fukushima], ProcedureSigning.SignatureCertificate,
            [
                new("domicile", new("本籍", "Family register's domicile (本籍)"), FieldType.Text, MaxLength: 100),
                new("headName", new("筆頭者の氏名", "Name of the register's head (筆頭者)"), FieldType.Text, MaxLength: 40),
            ]),
        new(InsuranceUseRegistration,
            new("健康保険証としての利用登録", "Registering your card for use as a health insurance card"),
            new("マイナンバーカードを健康保険証として医療機関・薬局で利用するための登録です。利用者証明用電子証明書でログインしていれば、署名は必要ありません。",
                "Registers your card for use as your health insurance card at clinics and pharmacies. Logging in with the user-authentication certificate is enough; no signature is needed."),
            "health", ["illness", "birth"], [Koriyama, Fukushima, Chiyoda], ProcedureSigning.LoginOnly, []),
    ];

    /// <summary>The procedure with <paramref name="id"/>, or null.</summary>
    public static OnlineProcedure? Find(string? id) => All.FirstOrDefault(p => p.Id == id);

    /// <summary>
    /// The procedures that match: every word of <paramref name="keyword"/> in the title or summary (either language,
    /// any case), the life event, the municipality; null or empty criteria match all.
    /// </summary>
    public static IReadOnlyList<OnlineProcedure> Search(string? keyword, string? lifeEvent, string? municipality)
    {
        var words = (keyword ?? "").Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        return [.. All.Where(p =>
            words.All(w => Text(p).Contains(w, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(lifeEvent) || p.LifeEvents.Contains(lifeEvent))
            && (string.IsNullOrEmpty(municipality) || p.IsOfferedBy(municipality)))];
    }

    private static string Text(OnlineProcedure p) =>
        string.Join(" ", p.Title.Japanese, p.Title.English, p.Summary.Japanese, p.Summary.English, Categories[p.Category].Japanese, Categories[p.Category].English);
}
