namespace PkiRevocation.Ocsp
{
    /// <summary>The outcome of one HTTP exchange with a responder: a body, or why there is none.</summary>
    internal sealed class OcspExchange
    {
        public byte[]? Body { get; set; }

        public OcspFailureReason? Failure { get; set; }

        public string Message { get; set; } = "";

        /// <summary>What happened, for the result's Steps.</summary>
        public string Detail { get; set; } = "";
    }
}
