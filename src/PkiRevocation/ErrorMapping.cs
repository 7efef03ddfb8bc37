using System.Management.Automation;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.PowerShell
{
    /// <summary>The one mapping from engine failure kinds to PowerShell error categories.</summary>
    internal static class ErrorMapping
    {
        public static ErrorCategory Category(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case FailureKind.NotFound: return ErrorCategory.ObjectNotFound;
                case FailureKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case FailureKind.InvalidData: return ErrorCategory.InvalidData;
                case FailureKind.AuthenticationFailed: return ErrorCategory.AuthenticationError;
                case FailureKind.ConnectionFailed: return ErrorCategory.ConnectionError;
                case FailureKind.Timeout: return ErrorCategory.OperationTimeout;
                case FailureKind.ProtocolError: return ErrorCategory.ProtocolError;
                case FailureKind.NotSupported: return ErrorCategory.NotImplemented;
                case FailureKind.InvalidConfiguration: return ErrorCategory.InvalidData;
                case FailureKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case FailureKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                default: return ErrorCategory.NotSpecified;
            }
        }

        public static ErrorRecord ToErrorRecord(InputFailure failure) =>
            new ErrorRecord(new PkiRevocationException(failure.Message, failure.Exception), failure.ErrorId, Category(failure.Kind), failure.Target);

        public static ErrorRecord ToErrorRecord(string errorId, FailureKind kind, string message, object? target, System.Exception? inner = null) =>
            new ErrorRecord(new PkiRevocationException(message, inner), errorId, Category(kind), target);
    }
}
