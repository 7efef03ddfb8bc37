namespace PkiRevocation.TestSupport;

/// <summary>How long tests let the engine wait for peers.</summary>
public static class TestTimeouts
{
    /// <summary>
    /// For a peer that answers: generous, because a loaded CI machine can be slow and the test never waits this long
    /// unless something is wrong. Tests of the timeout itself set their own short one.
    /// </summary>
    public static readonly TimeSpan Answering = TimeSpan.FromSeconds(30);
}
