namespace PkiRevocation.Configuration
{
    /// <summary>Where a configuration file lives: for every user of the machine, or for the current user.</summary>
    public enum ConfigurationScope
    {
        CurrentUser,
        AllUsers,
    }
}
