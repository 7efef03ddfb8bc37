namespace PkiRevocation.Diagnostics
{
    /// <summary>What kind of thing went wrong with one input. Front ends map this to an ErrorCategory or an exit code.</summary>
    public enum FailureKind
    {
        InvalidArgument,
        NotFound,
        PermissionDenied,
        InvalidData,
        AuthenticationFailed,
        ConnectionFailed,
        Timeout,
        ProtocolError,
        NotSupported,
        InvalidConfiguration,
        ResourceBusy,

        /// <summary>The request names something real that cannot be done to it (removing a built-in policy).</summary>
        InvalidOperation,
    }
}
