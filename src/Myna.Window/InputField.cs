namespace Myna.Window;

/// <summary>
/// A field of a form or request that the window checks: its name in the API's JSON (which a 400 names), its words in
/// both languages (which the refusal's sentence uses), and the most characters it holds.
/// </summary>
public sealed record InputField(string Json, string Japanese, string English, int MaxLength)
{
    public static readonly InputField Municipality = new("municipality", "市区町村コード", "local government code", 6);
    /// <summary>The name as the card prints it (family, given, former surname): where a character the card cannot show sits.</summary>
    public static readonly InputField Name = new("name", "氏名", "name", 121);
    public static readonly InputField FamilyName = new("familyName", "氏", "family name", 60);
    public static readonly InputField GivenName = new("givenName", "名", "given name", 60);
    public static readonly InputField FamilyNameKana = new("familyNameKana", "氏のふりがな", "family name's kana", 60);
    public static readonly InputField GivenNameKana = new("givenNameKana", "名のふりがな", "given name's kana", 60);
    public static readonly InputField FormerSurname = new("formerSurname", "旧氏", "former surname", 60);
    public static readonly InputField BirthDate = new("birthDate", "生年月日", "date of birth", 10);
    public static readonly InputField RegisteredOn = new("registeredOn", "住民となった日", "registration date", 10);
    public static readonly InputField Sex = new("sex", "性別", "sex", 16);
    public static readonly InputField Address = new("address", "住所", "address", 200);
    public static readonly InputField NewAddress = new("newAddress", "新しい住所", "new address", 200);
    public static readonly InputField Residence = new("residence", "居所", "residence (kyosho)", 200);
    public static readonly InputField Destination = new("destination", "転出先", "destination", 200);
    public static readonly InputField Domicile = new("domicile", "本籍", "domicile", 200);
    public static readonly InputField HouseholdHead = new("householdHead", "世帯主", "household head", 120);
    public static readonly InputField RelationshipToHead = new("relationshipToHead", "続柄", "relationship to the head", 20);
    public static readonly InputField Nationality = new("nationality", "国籍", "nationality", 60);
    public static readonly InputField MyNumber = new("myNumber", "個人番号", "My Number", 12);
    public static readonly InputField From = new("from", "開始日", "first day", 10);
    public static readonly InputField Until = new("until", "終了日", "last day", 10);
    public static readonly InputField PreviousAddress = new("previousAddress", "前住所", "previous address", 200);
    public static readonly InputField AddressSince = new("addressSince", "住所を定めた日", "day the address began", 10);
    public static readonly InputField SealCardNumber = new("cardNumber", "印鑑登録証の番号", "seal registration card number", 10);
    public static readonly InputField SealImpression = new("impression", "印影の説明", "description of the impression", 200);
    public static readonly InputField SealRegisteredOn = new("registeredOn", "登録日", "registration date", 10);
    public static readonly InputField AbolishedOn = new("abolishedOn", "廃止日", "day of abolition", 10);
    public static readonly InputField Amounts = new("amounts", "金額", "amounts", 13);
    public static readonly InputField FiscalYear = new("fiscalYear", "年度", "fiscal year", 4);
    public static readonly InputField ReleasedOn = new("releasedOn", "証明書の交付開始日", "release day", 10);
    public static readonly InputField RegisterDomicile = new("domicile", "本籍", "domicile", 200);
    public static readonly InputField HeadName = new("headName", "筆頭者", "head of the register", 121);
    public static readonly InputField MadeOn = new("madeOn", "編製日", "day the register was made", 10);
    public static readonly InputField MemberName = new("name", "氏名", "name", 121);
    public static readonly InputField MemberKana = new("kana", "ふりがな", "kana", 121);
    public static readonly InputField FatherName = new("fatherName", "父の氏名", "father's name", 121);
    public static readonly InputField MotherName = new("motherName", "母の氏名", "mother's name", 121);
    public static readonly InputField Relationship = new("relationship", "続柄", "relationship", 20);
    public static readonly InputField EventKind = new("kind", "身分事項", "event", 20);
    public static readonly InputField EventDetails = new("details", "身分事項の内容", "event's details", 200);
    public static readonly InputField EventOn = new("on", "身分事項の日付", "event's day", 10);
    public static readonly InputField AttachmentFrom = new("from", "住所を定めた日", "first day at the address", 10);
    public static readonly InputField AttachmentUntil = new("until", "住所の最後の日", "last day at the address", 10);
    public static readonly InputField RemovedOn = new("removedOn", "除籍の日", "day of removal", 10);
    public static readonly InputField RemovalReason = new("reason", "除籍の事由", "reason for the removal", 20);
    public static readonly InputField InsurerNumber = new("number", "保険者番号", "insurer number", 8);
    public static readonly InputField InsurerName = new("name", "保険者の名称", "insurer's name", 100);
    public static readonly InputField Scheme = new("scheme", "制度", "scheme", 32);
    public static readonly InputField HolderReference = new("holderReference", "資格者", "person enrolled", 36);
    public static readonly InputField InsuredReference = new("insuredReference", "被保険者", "insured person", 36);
    public static readonly InputField EnrolmentCard = new("number", "記号・番号・枝番", "symbol, number and branch", 20);
    public static readonly InputField EnrolmentFrom = new("from", "資格取得日", "day of joining", 10);
    public static readonly InputField LossDay = new("lossDay", "資格喪失日", "day of loss", 10);
    public static readonly InputField RepresentativeName = new("representativeName", "代理人の氏名", "representative's name", 120);
}
