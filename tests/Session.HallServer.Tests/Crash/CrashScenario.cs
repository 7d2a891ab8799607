namespace Session.HallServer.Tests.Crash;

/// <summary>What the hall is doing when it is killed (issue 12, item 1).</summary>
public enum CrashScenario
{
    /// <summary>A burst of named-vote presses from every seat over several gateways; killed after a random number of acks.</summary>
    VoteBurst,
    /// <summary>Right after the chair closes a vote, while its open data is being written.</summary>
    Publication,
    /// <summary>Registration open, a burst of card identifications in flight.</summary>
    Registration,
    /// <summary>A recess declared; killed at a random moment of it.</summary>
    Recess,
    /// <summary>A burst of secret-ballot presses.</summary>
    SecretBallot,
    /// <summary>A deputy speaking on a timed floor; the speech timer must still end it after the restart.</summary>
    Speech,
}
