namespace PkiRevocation.Net
{
    /// <summary>What <see cref="PlainHttpClient"/> received: the status, the headers OCSP and CRL fetching look at, and the body.</summary>
    internal sealed class PlainHttpResponse
    {
        /// <summary>"1.0" or "1.1", from the status line.</summary>
        public string Version { get; set; } = "";

        public int Status { get; set; }

        public string Reason { get; set; } = "";

        /// <summary>The media type of Content-Type (parameters removed); null when absent.</summary>
        public string? ContentType { get; set; }

        public string? Location { get; set; }

        /// <summary>Content-Length as announced; null when absent (chunked or delimited by the close).</summary>
        public long? ContentLength { get; set; }

        /// <summary>The body (empty when there is none); null when it was larger than the limit and was not read.</summary>
        public byte[]? Body { get; set; }
    }
}
