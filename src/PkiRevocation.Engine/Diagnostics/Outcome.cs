namespace PkiRevocation.Diagnostics
{
    /// <summary>One item of a streamed engine operation: a result, or the failure of one input.</summary>
    public readonly struct Outcome<T> where T : class
    {
        private Outcome(T? result, InputFailure? failure)
        {
            Result = result;
            Failure = failure;
        }

        public T? Result { get; }

        public InputFailure? Failure { get; }

        public bool IsFailure => Failure != null;

        public static Outcome<T> Success(T result) => new Outcome<T>(result, null);

        public static Outcome<T> Failed(InputFailure failure) => new Outcome<T>(null, failure);

        public static implicit operator Outcome<T>(InputFailure failure) => Failed(failure);
    }
}
