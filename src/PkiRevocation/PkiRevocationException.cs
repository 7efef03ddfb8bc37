using System;

namespace PkiRevocation.PowerShell
{
    /// <summary>The exception inside every ErrorRecord the module writes: our message, the engine's exception as InnerException.</summary>
    public sealed class PkiRevocationException : Exception
    {
        public PkiRevocationException(string message, Exception? innerException = null) : base(message, innerException) { }
    }
}
