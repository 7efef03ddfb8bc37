namespace PkiRevocation.Diagnostics
{
    /// <summary>Progress of a multi-item operation, reported through IProgress&lt;OperationProgress&gt;.</summary>
    public sealed class OperationProgress
    {
        public OperationProgress(string activity, string status, int completed, int total, string? currentItem = null)
        {
            Activity = activity;
            Status = status;
            Completed = completed;
            Total = total;
            CurrentItem = currentItem;
        }

        public string Activity { get; }

        public string Status { get; }

        public int Completed { get; }

        /// <summary>0 when the total is not known yet.</summary>
        public int Total { get; }

        public string? CurrentItem { get; }

        /// <summary>0..100, or -1 when the total is unknown.</summary>
        public int PercentComplete => Total <= 0 ? -1 : (int)(100L * System.Math.Min(Completed, Total) / Total);
    }
}
