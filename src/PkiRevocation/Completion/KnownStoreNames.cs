namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>The certificate stores Windows and .NET know by name (no PowerShell types, so tests can read it).</summary>
    internal static class KnownStoreNames
    {
        public static readonly string[] Names =
        {
            "My", "Root", "CA", "AuthRoot", "TrustedPeople", "TrustedPublisher", "Disallowed", "AddressBook", "Remote Desktop", "WebHosting", "Trust",
        };
    }
}
