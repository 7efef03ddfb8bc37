using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.Net;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// Long-lived session checks ("the certificate service periodically checks long-lived sessions"): settings and
    /// registry per scope, and the check itself. A session is checked when it is at least MinimumSessionAge old and
    /// due: its last completed check is older than the effective interval, which is the revocation policy's
    /// CheckInterval where revocation applies to the session's kind, ValidityCheckFrequency otherwise.
    /// </summary>
    public sealed class SessionCheckService
    {
        private const string Activity = "Checking long-lived sessions";
        private readonly EngineEnvironment _environment;
        private readonly ISessionRevocationChecker _revocation;
        private readonly SessionConfigurationStore _store;
        private readonly TlsCertificateReader _tls;

        /// <param name="environment">Clock, network and paths.</param>
        /// <param name="revocation">The revocation service behind the sessions' revocation checks; none: every configured policy is "not found" (Indeterminate).</param>
        public SessionCheckService(EngineEnvironment environment, ISessionRevocationChecker? revocation = null)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _revocation = revocation ?? UnavailableSessionRevocationChecker.Instance;
            _store = new SessionConfigurationStore(environment.Paths);
            _tls = new TlsCertificateReader(environment.Tcp);
        }

        /// <summary>The settings file of a scope (sessions.json), for messages and -WhatIf targets.</summary>
        public string ConfigurationPath(ConfigurationScope scope) => _store.Configuration(scope).Path;

        /// <summary>
        /// The settings of <paramref name="scope"/> (defaults when that scope has none), or with no scope the effective
        /// settings: CurrentUser when set, else AllUsers when set, else the defaults.
        /// </summary>
        public SessionCheckSettings GetSettings(ConfigurationScope? scope = null)
        {
            if (scope.HasValue) return _store.Read(scope.Value).Settings ?? new SessionCheckSettings();
            return _store.Read(ConfigurationScope.CurrentUser).Settings
                ?? _store.Read(ConfigurationScope.AllUsers).Settings
                ?? new SessionCheckSettings();
        }

        /// <summary>
        /// Changes the settings of a scope (starting from its current settings, or the defaults) and stores them.
        /// Throws ArgumentException naming every invalid setting, SessionPolicyNotFoundException (an ArgumentException) for a
        /// newly named revocation policy that does not exist; nothing is written then.
        /// </summary>
        public SessionCheckSettings SetSettings(ConfigurationScope scope, Action<SessionCheckSettings> change, CancellationToken cancellationToken = default)
        {
            if (change == null) throw new ArgumentNullException(nameof(change));
            SessionCheckSettings? written = null;
            _store.Update(scope, document =>
            {
                var settings = (document.Settings ?? new SessionCheckSettings()).Clone();
                var before = settings.RevocationPolicy;
                change(settings);
                var policy = settings.RevocationPolicy?.Trim();
                if (!string.IsNullOrEmpty(policy) && !string.Equals(policy, before, StringComparison.OrdinalIgnoreCase) && _revocation.FindPolicy(policy!) == null)
                    throw new SessionPolicyNotFoundException(policy!);
                var errors = settings.Validate();
                if (errors.Count > 0) throw new ArgumentException("The long-lived session settings are invalid: " + string.Join(" ", errors));
                document.Settings = settings;
                written = settings;
                return document;
            }, cancellationToken);
            return written!;
        }

        /// <summary>
        /// The registered sessions of a scope, or with no scope of both (a CurrentUser session hides an AllUsers one of
        /// the same name).
        /// </summary>
        public IReadOnlyList<LongLivedSession> GetSessions(ConfigurationScope? scope = null)
        {
            if (scope.HasValue) return _store.Read(scope.Value).Sessions;
            var user = _store.Read(ConfigurationScope.CurrentUser).Sessions;
            var names = new HashSet<string>(user.Select(s => s.Name), StringComparer.OrdinalIgnoreCase);
            return user.Concat(_store.Read(ConfigurationScope.AllUsers).Sessions.Where(s => !names.Contains(s.Name))).ToList();
        }

        /// <summary>Adds a session to a scope's registry; an existing session of that name is replaced only with <paramref name="replace"/>.</summary>
        public Outcome<LongLivedSession> Register(LongLivedSession session, ConfigurationScope scope, bool replace = false, CancellationToken cancellationToken = default)
        {
            if (session == null) throw new ArgumentNullException(nameof(session));
            var entry = Normalize(session);
            entry.Scope = null;
            var error = entry.Validate(_environment.Clock.UtcNow);
            if (error != null)
                return new InputFailure(session.ToString(), ErrorIds.SessionInvalid, FailureKind.InvalidArgument, error, null, session);

            InputFailure? failure = null;
            _store.Update(scope, document =>
            {
                var index = document.Sessions.FindIndex(s => string.Equals(s.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
                if (index >= 0 && !replace)
                {
                    failure = new InputFailure(entry.Name, ErrorIds.SessionExists, FailureKind.InvalidArgument,
                        $"A session named '{entry.Name}' is already registered ({scope}); replace it explicitly (-Force / --force) or unregister it first.", null, session);
                    return document;
                }

                if (index >= 0) document.Sessions[index] = entry;
                else document.Sessions.Add(entry);
                return document;
            }, cancellationToken);

            if (failure != null) return failure;
            entry.Scope = scope;
            return Outcome<LongLivedSession>.Success(entry);
        }

        /// <summary>Removes a session from a scope's registry (and its check state). A name that is not registered is a failure.</summary>
        public Outcome<LongLivedSession> Unregister(string name, ConfigurationScope scope, CancellationToken cancellationToken = default)
        {
            LongLivedSession? removed = null;
            _store.Update(scope, document =>
            {
                var index = document.Sessions.FindIndex(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
                if (index < 0) return document;
                removed = document.Sessions[index];
                document.Sessions.RemoveAt(index);
                return document;
            }, cancellationToken);

            if (removed == null)
                return new InputFailure(name, ErrorIds.SessionNotFound, FailureKind.NotFound, $"No session named '{name}' is registered ({scope}).");
            _store.State.Update(state =>
            {
                state.Sessions.Remove(StateKey(removed));
                return state;
            }, cancellationToken);
            removed.Scope = scope;
            return Outcome<LongLivedSession>.Success(removed);
        }

        /// <summary>
        /// Checks the sessions of the request (or the registry), streaming one outcome per session in order: a result,
        /// or the failure of a session that cannot be checked at all (invalid input). A session checked to a decided
        /// verdict is recorded in the state file; an Indeterminate one stays due for the next run.
        /// </summary>
        public IEnumerable<Outcome<SessionCheckResult>> Check(SessionCheckRequest request, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var at = ReferenceTime.Resolve(request.At, _environment.Clock);
            var settings = request.Settings ?? GetSettings();
            var settingsErrors = settings.Validate();
            if (settingsErrors.Count > 0) throw new ArgumentException("The long-lived session settings are invalid: " + string.Join(" ", settingsErrors));

            var sessions = request.Sessions.Count > 0 ? request.Sessions.ToList() : GetSessions().ToList();
            var policy = string.IsNullOrWhiteSpace(settings.RevocationPolicy) ? null : _revocation.FindPolicy(settings.RevocationPolicy!.Trim());
            var state = _store.State.Read();

            for (var i = 0; i < sessions.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var session = sessions[i];
                progress?.Report(new OperationProgress(Activity, session?.ToString() ?? "", i, sessions.Count, session?.Name));
                if (session == null) continue;

                yield return CheckIsolated(session, settings, policy, state, at, request, cancellationToken);
            }

            progress?.Report(new OperationProgress(Activity, "Done", sessions.Count, sessions.Count));
        }

        // One session that cannot be checked (bad data in the registry or from the pipeline) is its own failure: the
        // sessions after it still get their results.
        private Outcome<SessionCheckResult> CheckIsolated(LongLivedSession session, SessionCheckSettings settings, SessionRevocationPolicy? policy,
            SessionCheckState state, DateTime at, SessionCheckRequest request, CancellationToken cancellationToken)
        {
            try
            {
                var normalized = Normalize(session);
                var now = _environment.Clock.UtcNow;
                var error = normalized.Validate(at > now ? at : now);
                if (error != null) return new InputFailure(session.ToString(), ErrorIds.SessionInvalid, FailureKind.InvalidArgument, error, null, session);

                state.Sessions.TryGetValue(StateKey(normalized), out var last);
                var result = CheckOne(normalized, settings, policy, last, at, request, cancellationToken);
                if (result.CheckedAt.HasValue && result.Verdict != SessionVerdict.Indeterminate) Record(normalized, result, cancellationToken);
                return Outcome<SessionCheckResult>.Success(result);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is OverflowException || ex is FormatException || ex is System.Security.Cryptography.CryptographicException)
            {
                return new InputFailure(session.ToString(), ErrorIds.SessionInvalid, FailureKind.InvalidArgument,
                    $"The session '{session.Name}' cannot be checked: {ex.Message}", ex, session);
            }
        }

        /// <summary>The key of a session in the state file: name and endpoint, case-insensitive (a moved session starts afresh).</summary>
        public static string StateKey(LongLivedSession session) =>
            (session.Name.Trim() + "|" + (session.Endpoint ?? "").Trim()).ToLowerInvariant();

        private SessionCheckResult CheckOne(LongLivedSession session, SessionCheckSettings settings, SessionRevocationPolicy? policy,
            SessionStateEntry? last, DateTime at, SessionCheckRequest request, CancellationToken cancellationToken)
        {
            var plan = SessionSchedule.Plan(session, settings, policy, last?.LastCheckedAt, at, request.Force);
            var result = new SessionCheckResult
            {
                Name = session.Name,
                Kind = session.Kind,
                Endpoint = string.IsNullOrWhiteSpace(session.Endpoint) ? "(pinned)" : session.Endpoint!,
                EstablishedAt = session.EstablishedAt,
                Age = at - session.EstablishedAt,
                RevocationStatus = SessionRevocationStatus.NotChecked,
                RevocationPolicy = plan.RevocationApplies ? settings.RevocationPolicy : null,
                CheckInterval = plan.Interval,
                LastCheckedAt = last?.LastCheckedAt,
                ReferenceTime = at,
            };

            if (plan.SkipReason != SessionSkipReason.None)
            {
                result.Verdict = SessionVerdict.Skipped;
                result.SkipReason = plan.SkipReason;
                result.RecommendedAction = SessionAction.None;
                result.NextCheck = plan.NextCheck;
                result.Detail = plan.Detail;
                return result;
            }

            result.CheckedAt = at;
            var chain = PeerChain(session, request.Timeout, cancellationToken, out var chainFailure);
            if (chain == null)
            {
                result.Verdict = SessionVerdict.Indeterminate;
                result.RecommendedAction = SessionAction.Renegotiate;
                result.Detail = chainFailure!;
                return result;
            }

            CertificateFacts facts;
            try
            {
                facts = CertificateFacts.Read(chain[0].RawData, chain[0]);
            }
            catch (FormatException ex)
            {
                result.Verdict = SessionVerdict.Indeterminate;
                result.RecommendedAction = SessionAction.Renegotiate;
                result.Detail = $"The peer certificate of '{session.Name}' cannot be decoded: {ex.Message}.";
                return result;
            }

            result.Certificate = chain[0];
            result.Subject = facts.Subject;
            result.NotAfter = facts.NotAfter;
            if (settings.CertificateValidityCheck)
                result.ExpiryStatus = ExpiryClassifier.Classify(facts.NotBefore, facts.NotAfter, at, settings.ExpiringWithinDays);

            if (plan.RevocationApplies)
            {
                var answer = policy == null
                    ? SessionRevocationAnswer.Indeterminate($"Revocation policy '{settings.RevocationPolicy}' was not found: revocation cannot be decided.")
                    : _revocation.Check(chain, policy.Name, at, cancellationToken) ?? SessionRevocationAnswer.Indeterminate("The revocation service gave no answer.");
                result.RevocationStatus = answer.Status == SessionRevocationStatus.NotChecked ? SessionRevocationStatus.Indeterminate : answer.Status;
                result.RevocationSteps = answer.Steps;
            }

            SessionVerdicts.Decide(result);
            result.NextCheck = result.Verdict == SessionVerdict.Indeterminate ? (DateTime?)null : SessionSchedule.After(at, plan.Interval);
            return result;
        }

        private List<X509Certificate2>? PeerChain(LongLivedSession session, TimeSpan timeout, CancellationToken cancellationToken, out string? failure)
        {
            failure = null;
            if (!string.IsNullOrWhiteSpace(session.PinnedCertificate))
            {
                var chain = new List<X509Certificate2> { new X509Certificate2(Convert.FromBase64String(session.PinnedCertificate!.Trim())) };
                foreach (var issuer in session.PinnedIssuers ?? Array.Empty<string>())
                    chain.Add(new X509Certificate2(Convert.FromBase64String(issuer.Trim())));
                return chain;
            }

            var endpoint = session.ParseEndpoint()!;
            var loaded = _tls.ReadAsync(endpoint, timeout, cancellationToken).GetAwaiter().GetResult();
            if (loaded.IsFailure)
            {
                failure = $"{loaded.Failure!.ErrorId}: {loaded.Failure.Message}";
                return null;
            }

            var certificates = new List<X509Certificate2>();
            foreach (var certificate in loaded.Result!)
                certificates.Add(certificate.Certificate ?? new X509Certificate2(certificate.RawData));
            return certificates;
        }

        private void Record(LongLivedSession session, SessionCheckResult result, CancellationToken cancellationToken)
        {
            var key = StateKey(session);
            _store.State.Update(state =>
            {
                // A replay with an earlier -At never moves the record back in time.
                if (state.Sessions.TryGetValue(key, out var existing) && existing.LastCheckedAt > result.CheckedAt!.Value) return state;
                state.Sessions[key] = new SessionStateEntry { LastCheckedAt = result.CheckedAt!.Value, LastVerdict = result.Verdict };
                return state;
            }, cancellationToken);
        }

        private static LongLivedSession Normalize(LongLivedSession session)
        {
            var copy = session.Clone();
            copy.Name = (copy.Name ?? "").Trim();
            if (copy.Name.Length == 0 && !string.IsNullOrWhiteSpace(copy.Endpoint)) copy.Name = copy.Endpoint!.Trim();
            copy.Endpoint = string.IsNullOrWhiteSpace(copy.Endpoint) ? null : copy.Endpoint!.Trim();
            if (copy.EstablishedAt != default) copy.EstablishedAt = ReferenceTime.ToUtc(copy.EstablishedAt);
            copy.PinnedCertificate = string.IsNullOrWhiteSpace(copy.PinnedCertificate) ? null : copy.PinnedCertificate!.Trim();
            return copy;
        }

        internal static string FormatSpan(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
    }
}
