using System;

namespace PkiRevocation.Configuration
{
    /// <summary>A configuration or state file that cannot be read. The file is kept as it is, never overwritten silently.</summary>
    public sealed class ConfigurationCorruptException : Exception
    {
        public ConfigurationCorruptException(string path, Exception inner)
            : base($"The file '{path}' is not valid ({inner.Message}). It was left as it is: repair or remove it.", inner)
        {
            Path = path;
        }

        public string Path { get; }
    }
}
