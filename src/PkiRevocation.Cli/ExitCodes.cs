namespace PkiRevocation.Cli;

/// <summary>The exit codes of every pkirev command.</summary>
public static class ExitCodes
{
    /// <summary>All fine: nothing expired, revoked or undecided.</summary>
    public const int Success = 0;

    /// <summary>A finding: something expired, expiring, revoked, unknown or indeterminate.</summary>
    public const int Finding = 1;

    /// <summary>Bad input: options, files, endpoints, configuration.</summary>
    public const int BadInput = 2;
}
