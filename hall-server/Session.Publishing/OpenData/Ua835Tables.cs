namespace Session.Publishing.OpenData;

/// <summary>The annex-29 (Resolution 835) tables, column for column as ../shared/opendata/ua-835 lists them.</summary>
public static class Ua835Tables
{
    public static readonly TableDef Convocations = new("convocations.csv", "Скликання", TableDef.Parse("""
        uid|string|1|Унікальний ідентифікатор
        label|string|1|Скликання
        dateFrom|date|1|Дата початку скликання
        dateUntil|date|1|Дата завершення скликання
        authorityName|string|1|Орган місцевого самоврядування
        authorityId|string|1|Код ЄДРПОУ
        CATUTTC|string|1|Код КАТОТТГ
        """), ["uid"]);

    public static readonly TableDef Sessions = new("sessions.csv", "Сесії", TableDef.Parse("""
        uid|string|1|Унікальний ідентифікатор
        label|string|1|Сесія
        convocationUid|string|1|Ідентифікатор скликання
        dateFrom|date|1|Дата початку сесії
        dateUntil|date|1|Дата завершення сесії
        """), ["uid"]);

    public static readonly TableDef Motions = new("motions.csv", "Питання порядку денного", TableDef.Parse("""
        uid|string|1|Унікальний ідентифікатор
        sessionUid|string|1|Ідентифікатор сесії
        votingIdentifier|string|1|Ідентифікатор особи
        title|string|1|Питання пленарного засідання
        number|integer|1|Номер питання
        classification|string|1|Категорія питання
        date|date|1|Дата пленарного засідання
        sources|anyURL|0|URL-адреси
        """), ["uid"]);

    public static readonly TableDef VoteEvents = new("voteEvents.csv", "Події голосування", TableDef.Parse("""
        uid|string|1|Унікальний ідентифікатор
        motionUid|string|1|Ідентифікатор питання порядку денного
        projectNumber|string|1|Номер проєкту рішення
        projectTitle|string|1|Назва проєкту рішення
        startDate|dateTime|1|Час початку голосування
        endDate|dateTime|1|Час, коли голосування закінчується
        result|string|1|Результати голосування
        votingFor|integer|1|Голоси “За”
        votingAgainst|integer|1|Голоси “Проти”
        votingAbstain|integer|1|Голоси “Утрималися”
        notVoting|integer|1|Не голосували
        absent|integer|1|Відсутні
        textUrl|anyURL|1|Посилання на документ оприлюднений в мережі Інтернет.
        text|string|1|Назва файлу із прийнятим рішенням
        """), ["uid"]);

    public static readonly TableDef Vote = new("vote.csv", "Поіменні результати голосування", TableDef.Parse("""
        uid|string|1|Унікальний ідентифікатор
        voterUid|string|1|Ідентифікатор учасника голосування
        result|string|1|Результат голосування
        """), ["uid", "voterUid"]);

    public static readonly TableDef Deputies = new("deputies.csv", "Депутати", TableDef.Parse("""
        id|string|1|Ідентифікатор
        votingIdentifier|string|0|Номер в системі голосування
        familyName|string|1|Прізвище
        name|string|1|Імʼя
        additionalName|string|1|По батькові
        gender|integer|1|Стать
        birthDate|date|1|Дата народження
        image|anyURL|1|Фото
        biography|string|1|Біографічні дані
        partyName|string|1|Назва партії
        partyId|string|0|Ідентифікатор партії
        email|string|1|Електронна пошта
        telephone|string|1|Номер телефону
        homepage|anyURL|0|Веб-сторінка
        account|anyURL|0|Соціальні медіа
        factionName|string|1|Назва фракції
        factionPost|string|0|Посада у фракції
        commissionName|string|0|Назва постійної комісії
        commissionPost|string|0|Посада у постійній комісії
        areaId|integer|0|Виборчий округ
        CATUTTC|string|1|Код КАТОТТГ
        addressPostCode|string|1|Поштовий індекс
        addressAdminUnitL1|string|1|Країна
        addressAdminUnitL2|string|1|Регіон
        addressAdminUnitL3|string|0|Район
        addressAdminUnitL4|string|0|Територіальна громада
        addressPostName|string|1|Населений пункт
        addressThoroughfare|string|1|Вулиця або аналог
        addressLocatorDesignator|string|1|Номер об’єкта
        addressLocatorBuilding|string|0|Номер корпусу
        addressLocatorName|string|0|Назва будівлі або її частини
        openingHours|string|1|Графік прийому
        availabilityRestriction|string|0|Уточнення графіка прийому
        """), ["id"]);

    /// <summary>
    /// Not part of annex 29: the remarks the five legal values cannot carry (a declared conflict of interest,
    /// a proxy entry by the secretary), one row per marked roll-call line, described in csv-metadata.json.
    /// </summary>
    public static readonly TableDef VoteNotes = new("voteNotes.csv", "Примітки до поіменних результатів", TableDef.Parse("""
        uid|string|1|Ідентифікатор події голосування
        voterUid|string|1|Ідентифікатор учасника голосування
        kind|string|1|Вид примітки
        note|string|1|Примітка
        """), ["uid", "voterUid"]);

    /// <summary>
    /// Not part of annex 29: one row per secret ballot, beside the counts, so a CSV reader who finds a vote event without
    /// per-deputy rows knows the law withholds them. The same file is in the legacy folder (uid = legacy motions.csv uid).
    /// </summary>
    public static readonly TableDef SecretBallots = new("secretBallots.csv", "Таємні голосування", TableDef.Parse("""
        uid|string|1|Ідентифікатор події голосування
        turnout|integer|1|Кількість депутатів, які подали голос («за», «проти», «утримався»)
        note|string|1|Примітка
        """), ["uid"])
    {
        Description = "Таємні голосування: підсумки є у voteEvents.csv / motions.csv, поіменних рядків за законом немає. " +
            "Secret ballots: totals are in voteEvents.csv / motions.csv; by law there are no per-deputy rows.",
    };

    public static readonly IReadOnlyList<TableDef> Normalized = [Convocations, Sessions, Motions, VoteEvents, Vote, Deputies, VoteNotes, SecretBallots];

    public static readonly TableDef LegacyMotions = new("motions.csv", "Результати голосування (зведені)", TableDef.Parse("""
        uid|string|1|Унікальний ідентифікатор
        date|date|1|Дата пленарного засідання
        authorityName|string|1|Орган
        authorityId|string|1|Код ЄДРПОУ
        authorityCattutc|string|1|Код КАТОТТГ
        convocation|string|1|Скликання
        legislativeSession|string|1|Сесія
        number|integer|1|Номер питання
        title|string|1|Питання порядку денного пленарного засідання
        projectNumber|string|0|Номер проєкту рішення
        votingFor|integer|0|Голоси “За”
        votingAgainst|integer|0|Голоси “Проти”
        votingAbstain|integer|0|Голоси “Утрималися”
        notVoting|integer|0|Не голосували
        absent|integer|0|Відсутні
        votingResult|string|1|Результати голосування
        textUrl|anyURL|0|Посилання на документ оприлюднений в мережі Інтернет.
        text|string|1|Назва файлу із прийнятим рішенням
        """), ["uid"]);

    public static readonly TableDef LegacyVotings = new("votings.csv", "Поіменні результати голосування", TableDef.Parse("""
        motionUid|string|1|Унікальний ідентифікатор
        voterId|string|1|Ідентифікатор учасника голосування
        voterName|string|1|ПІБ учасника голосування
        motionTitle|string|1|Питання пленарного засідання
        result|string|1|Результат голосування
        """), ["motionUid", "voterId"]);

    public static readonly IReadOnlyList<TableDef> Legacy = [LegacyMotions, LegacyVotings, SecretBallots];
}
