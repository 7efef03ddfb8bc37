using System;

namespace PkiRevocation.Diagnostics
{
    /// <summary>
    /// One input that could not be processed (a file, a store, an endpoint). Processing goes on with the next input;
    /// the front end reports this as a non-terminating error (PowerShell) or one stderr line (CLI).
    /// </summary>
    public sealed class InputFailure
    {
        public InputFailure(string input, string errorId, FailureKind kind, string message, Exception? exception = null, object? target = null)
        {
            Input = input;
            ErrorId = errorId;
            Kind = kind;
            Message = message;
            Exception = exception;
            Target = target ?? input;
        }

        /// <summary>The input as the user named it: a path, a store, host:port.</summary>
        public string Input { get; }

        /// <summary>One of <see cref="ErrorIds"/>.</summary>
        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>A sentence for people; names the input.</summary>
        public string Message { get; }

        /// <summary>The underlying exception, kept for -ErrorAction/$Error inspection; never printed as a stack trace.</summary>
        public Exception? Exception { get; }

        /// <summary>What PowerShell sets as TargetObject: the certificate, path or endpoint.</summary>
        public object Target { get; }

        public override string ToString() => $"{ErrorId}: {Message}";
    }
}
