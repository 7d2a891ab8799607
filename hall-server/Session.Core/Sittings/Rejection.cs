namespace Session.Core.Sittings;

/// <summary>
/// A command refused by the rules (STYLE.md habit 7): a stable code for programs and tests,
/// and the message in Ukrainian and English for people. Nothing is journaled for a rejection.
/// </summary>
public sealed record Rejection(string Code, string Uk, string En)
{
    public override string ToString() => $"{Code}: {En}";

    public Rejection With(string detailUk, string detailEn) => this with { Uk = $"{Uk} ({detailUk})", En = $"{En} ({detailEn})" };

    public static readonly Rejection SittingNotOpen = new("sitting-not-open", "Засідання не відкрите", "The sitting is not open");
    public static readonly Rejection SittingClosed = new("sitting-closed", "Засідання закрите", "The sitting is closed");
    public static readonly Rejection UnknownSeat = new("unknown-seat", "Невідоме місце", "Unknown seat");
    public static readonly Rejection RemoteNeedsPasskey = new("remote-needs-passkey", "Дистанційне місце: потрібні ключ доступу і PIN на зареєстрованому пристрої", "A remote place needs a passkey and a PIN on an enrolled device");
    public static readonly Rejection SeatNotAllowed = new("seat-not-allowed", "Цей термінал не обслуговує це місце", "This terminal does not serve that seat");
    public static readonly Rejection UnknownDeputy = new("unknown-deputy", "Невідомий депутат, картка або PIN", "Unknown deputy, card or PIN");
    public static readonly Rejection CardInUse = new("card-in-use", "Депутат уже ідентифікований на іншому місці", "The deputy is already identified at another seat");
    public static readonly Rejection SeatNotIdentified = new("seat-not-identified", "На цьому місці депутата не ідентифіковано", "No deputy is identified at this seat");
    public static readonly Rejection NotRegistered = new("not-registered", "Депутат не зареєстрований", "The deputy is not registered");
    public static readonly Rejection NoVoteOpen = new("no-vote-open", "Голосування не відкрите", "No vote is open");
    public static readonly Rejection VoteClosed = new("vote-closed", "Голосування вже закрите", "The vote is closed");
    public static readonly Rejection UnknownVote = new("unknown-vote", "Невідоме голосування", "Unknown vote");
    public static readonly Rejection VoteAlreadyOpen = new("vote-already-open", "Уже триває інше голосування", "Another vote is open");
    public static readonly Rejection AlreadyCast = new("already-cast", "Голос уже враховано; змінювати не можна", "The choice is already counted and cannot be changed");
    public static readonly Rejection ConflictOfInterest = new("conflict-of-interest", "Депутат заявив про конфлікт інтересів і не голосує з цього питання", "The deputy declared a conflict of interest and does not vote on this item");
    public static readonly Rejection BadChoice = new("bad-choice", "Невідомий варіант голосу", "Unknown choice");
    public static readonly Rejection UnknownRule = new("unknown-rule", "Невідоме правило підрахунку", "Unknown majority rule");
    public static readonly Rejection BadDuration = new("bad-duration", "Тривалість голосування має бути від 5 до 3600 секунд", "The vote duration must be 5 to 3600 seconds");
    public static readonly Rejection NoQuorum = new("no-quorum", "Засідання неправомочне: немає кворуму", "No quorum: the sitting is not competent");
    public static readonly Rejection InRecess = new("in-recess", "Оголошено перерву", "The sitting is in recess");
    public static readonly Rejection NotInRecess = new("not-in-recess", "Перерву не оголошено", "The sitting is not in recess");
    public static readonly Rejection ReasonRequired = new("reason-required", "Потрібно вказати причину", "A reason is required");
    public static readonly Rejection TextRequired = new("text-required", "Потрібен текст", "Text is required");
    public static readonly Rejection UnknownItem = new("unknown-item", "Невідоме питання порядку денного", "Unknown agenda item");
    public static readonly Rejection NoAgendaItem = new("no-agenda-item", "Немає поточного питання порядку денного", "No agenda item is under way");
    public static readonly Rejection BadOrder = new("bad-order", "Новий порядок має містити кожне питання рівно один раз", "The new order must list every item exactly once");
    public static readonly Rejection SecretNoProxy = new("secret-no-proxy", "У таємному голосуванні внесення за депутата не допускається", "No proxy entry in a secret ballot");
    public static readonly Rejection AlreadyCancelled = new("already-cancelled", "Голосування вже скасоване", "The vote is already cancelled");
    public static readonly Rejection AlreadyInQueue = new("already-in-queue", "Запит на виступ уже в черзі", "The request to speak is already queued");
    public static readonly Rejection NotInQueue = new("not-in-queue", "Запиту на виступ немає", "No request to speak is queued");
    public static readonly Rejection NobodySpeaking = new("nobody-speaking", "Зараз ніхто не виступає", "Nobody has the floor");
    public static readonly Rejection RegistrationOpen = new("registration-open", "Реєстрація вже триває", "Registration is already open");
    public static readonly Rejection RegistrationNotOpen = new("registration-not-open", "Реєстрація не відкрита", "Registration is not open");
    public static readonly Rejection AlreadyDeclared = new("already-declared", "Конфлікт інтересів уже заявлено", "The conflict of interest is already declared");
    public static readonly Rejection SelfTestAfterVotes = new("self-test-after-votes", "Самоперевірку проводять до першого голосування засідання", "The self-test runs before the sitting's first vote");
    public static readonly Rejection TestVoteNoProxy = new("test-vote-no-proxy", "У тестовому голосуванні депутат натискає сам; внесення за депутата не допускається", "In the test vote deputies press themselves; no proxy entry");
    public static readonly Rejection BadSelfTest = new("bad-self-test", "Неповні дані самоперевірки (контрольна сума, версія або місця)", "Incomplete self-test data (checksum, version or seats)");
    public static readonly Rejection CastBeforeDeclaring = new("cast-before-declaring", "Депутат уже проголосував: конфлікт заявляють до голосування", "The deputy has already voted: a conflict is declared before the vote");
}
