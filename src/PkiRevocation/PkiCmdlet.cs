using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.PowerShell
{
    /// <summary>
    /// The base of every cmdlet: the engine, cancellation on Ctrl+C (StopProcessing), progress written from the
    /// pipeline thread only, and engine failures written as non-terminating errors with ErrorId and TargetObject.
    /// </summary>
    public abstract class PkiCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly ConcurrentQueue<OperationProgress> _progress = new ConcurrentQueue<OperationProgress>();
        private PkiEngine? _engine;
        private bool _progressWritten;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private readonly System.Diagnostics.Stopwatch _sinceProgress = new System.Diagnostics.Stopwatch();
        private int _lastPercent = int.MinValue;
        private string? _lastActivity;

        /// <summary>The engine, configured from the process (PKIREVOCATION_HOME, system clock, sockets).</summary>
        protected PkiEngine Engine => _engine ?? (_engine = new PkiEngine());

        /// <summary>Cancelled when the user presses Ctrl+C; every network wait in the engine observes it.</summary>
        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>Hand this to the engine; reports are queued and written by <see cref="DrainProgress"/> on the pipeline thread.</summary>
        protected IProgress<OperationProgress> Progress => new QueueProgress(_progress);

        /// <summary>A stable Write-Progress ActivityId per cmdlet type.</summary>
        protected int ActivityId => StableId(GetType().FullName ?? GetType().Name);

        /// <summary>
        /// Writes queued progress. Call it from the pipeline thread between results. A report is written when its
        /// percentage or activity differs from the last one written, or a quarter of a second has passed: at most about
        /// a hundred records for a long run, since each Write-Progress costs the host far more than the check it reports
        /// (bench/ocsp: 2000 certificates through Test-OcspStatus).
        /// </summary>
        protected void DrainProgress()
        {
            while (_progress.TryDequeue(out var report))
            {
                if (_progressWritten && report.PercentComplete == _lastPercent && report.Activity == _lastActivity
                    && _sinceProgress.Elapsed < ProgressInterval) continue;
                _lastPercent = report.PercentComplete;
                _lastActivity = report.Activity;
                _sinceProgress.Restart();
                var record = new ProgressRecord(ActivityId, report.Activity, string.IsNullOrEmpty(report.Status) ? " " : report.Status)
                {
                    PercentComplete = report.PercentComplete,
                };
                if (!string.IsNullOrEmpty(report.CurrentItem)) record.CurrentOperation = report.CurrentItem;
                WriteProgress(record);
                _progressWritten = true;
            }
        }

        /// <summary>Ends the progress bar. Call it in finally.</summary>
        protected void CompleteProgress(string activity)
        {
            while (_progress.TryDequeue(out _)) { }
            if (!_progressWritten) return;
            WriteProgress(new ProgressRecord(ActivityId, activity, "Completed") { RecordType = ProgressRecordType.Completed });
            _progressWritten = false;
        }

        /// <summary>Writes each result as soon as it is ready and each failed input as a non-terminating error, with progress between.</summary>
        protected void WriteOutcomes<T>(System.Collections.Generic.IEnumerable<Outcome<T>> outcomes, string activity) where T : class
        {
            try
            {
                foreach (var outcome in outcomes)
                {
                    DrainProgress();
                    if (outcome.IsFailure) WriteFailure(outcome.Failure!);
                    else WriteObject(outcome.Result);
                }
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline.
            }
            finally
            {
                CompleteProgress(activity);
            }
        }

        /// <summary>Writes one input's failure as a non-terminating error; processing goes on.</summary>
        protected void WriteFailure(InputFailure failure) => WriteError(ErrorMapping.ToErrorRecord(failure));

        /// <summary>Stops the command: for failures of setup (bad configuration), not of one input.</summary>
        protected void ThrowTerminating(string errorId, FailureKind kind, string message, object? target, Exception? inner = null) =>
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(errorId, kind, message, target, inner));

        /// <summary>The -At parameter's value when bound, otherwise null (the engine then uses its clock).</summary>
        protected DateTime? BoundTime(string parameterName, DateTime value)
        {
            if (!MyInvocation.BoundParameters.ContainsKey(parameterName)) return null;
            var utc = ReferenceTime.ToUtc(value);
            var outOfRange = ReferenceTime.OutOfRange(utc);
            if (outOfRange != null) ThrowTerminating(ErrorIds.ReferenceTimeInvalid, FailureKind.InvalidArgument, $"-{parameterName}: {outOfRange}", value);
            return utc;
        }

        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }

        private static int StableId(string text)
        {
            unchecked
            {
                var hash = (int)2166136261;
                foreach (var c in text) hash = (hash ^ c) * 16777619;
                return hash & 0x7FFFFFFF;
            }
        }

        private sealed class QueueProgress : IProgress<OperationProgress>
        {
            private readonly ConcurrentQueue<OperationProgress> _queue;

            public QueueProgress(ConcurrentQueue<OperationProgress> queue) => _queue = queue;

            public void Report(OperationProgress value) => _queue.Enqueue(value);
        }
    }
}
