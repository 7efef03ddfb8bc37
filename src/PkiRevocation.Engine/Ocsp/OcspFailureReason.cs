namespace PkiRevocation.Ocsp
{
    /// <summary>Why a result is Indeterminate.</summary>
    public enum OcspFailureReason
    {
        /// <summary>Neither a configured responder nor an OCSP URI in the certificate's AIA extension.</summary>
        NoResponder,
        /// <summary>Connection refused, host not found, connection reset.</summary>
        ResponderUnreachable,
        /// <summary>Connect or the whole exchange took longer than the timeout.</summary>
        Timeout,
        /// <summary>HTTP status other than 200, a redirect (never followed silently), a wrong content type or an oversized body.</summary>
        HttpError,
        /// <summary>responseStatus malformedRequest, internalError, tryLater, sigRequired or unauthorized.</summary>
        ResponderError,
        /// <summary>The body is not a DER OCSPResponse / BasicOCSPResponse we can read.</summary>
        MalformedResponse,
        /// <summary>The signature does not verify with the key of any signer the response names.</summary>
        SignatureInvalid,
        /// <summary>The signature verifies but the signer is neither the CA, an authorized delegated responder, nor a trusted responder.</summary>
        UnauthorizedResponder,
        /// <summary>No SingleResponse matches the request's CertID (hash algorithm, issuer name hash, issuer key hash, serial).</summary>
        NoMatchingResponse,
        /// <summary>The response carries a nonce different from the one sent.</summary>
        NonceMismatch,
        /// <summary>A nonce was sent and required, and the response carries none.</summary>
        NonceMissing,
        /// <summary>nextUpdate has passed (or, without nextUpdate, thisUpdate is older than the maximum age).</summary>
        Stale,
        /// <summary>thisUpdate or producedAt lies in the future beyond the clock-skew allowance.</summary>
        NotYetValid,
        /// <summary>A critical extension in the response we do not understand.</summary>
        UnhandledCriticalExtension,
        /// <summary>The issuer of the certificate could not be found (given, pipeline or stores).</summary>
        IssuerNotFound,
        /// <summary>The certificate to check is not a well-formed DER certificate, so no status can be asked for it.</summary>
        MalformedCertificate,
    }
}
