namespace PkiRevocation.Ocsp
{
    /// <summary>What <see cref="OcspResponseParser"/> made of some bytes: a response, or why there is none.</summary>
    internal sealed class OcspParseResult
    {
        private OcspParseResult(ParsedOcspResponse? response, OcspFailureReason? failure, string message)
        {
            Response = response;
            Failure = failure;
            Message = message;
        }

        public ParsedOcspResponse? Response { get; }

        /// <summary>MalformedResponse, or ResponderError for a well-formed non-successful responseStatus.</summary>
        public OcspFailureReason? Failure { get; }

        public string Message { get; }

        public static OcspParseResult Success(ParsedOcspResponse response) => new OcspParseResult(response, null, "");

        public static OcspParseResult Failed(OcspFailureReason reason, string message) => new OcspParseResult(null, reason, message);
    }
}
