namespace Session.HallServer.Auth;

/// <summary>
/// Roles per council (ARCHITECTURE.md "Accounts, roles and trust"). An account with no council is the host's admin:
/// it administers every council and creates new ones.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Secretary = "secretary";
    public const string Chair = "chair";
    public const string Observer = "observer";
    /// <summary>Types live captions on the caption console (issue 14), and can do nothing else.</summary>
    public const string Captioner = "captioner";

    /// <summary>The claim naming the account's council; absent for the host's admin.</summary>
    public const string CouncilClaim = "session:council";

    /// <summary>May prepare, open, run and close sittings.</summary>
    public const string RunSitting = Secretary + "," + Chair + "," + Admin;

    /// <summary>May type captions: the captioner, and whoever runs the sitting.</summary>
    public const string Caption = Captioner + "," + RunSitting;

    public static readonly string[] Assignable = [Admin, Secretary, Chair, Observer, Captioner];
}
