namespace Session.Publishing.Model;

/// <summary>
/// What a reader of the CSVs is told about a secret ballot: it has totals and, by law, no per-deputy rows — so a recount
/// does not take the missing rows for lost data. Written in secretBallots.csv (ua-835 and legacy) and in Popolo's <c>note</c>.
/// </summary>
public static class SecretBallot
{
    public const string Note =
        "Таємне голосування: поіменні результати за законом не оприлюднюються, тому рядків у vote.csv / votings.csv немає — це не втрачені дані. " +
        "/ Secret ballot: by law no per-deputy results are published, so vote.csv / votings.csv have no rows for it; this is not missing data.";
}
