using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Revocation
{
    /// <summary>
    /// Named revocation policies in one policies.json per configuration scope (JsonFileStore: atomic replace under a
    /// cross-process lock; a corrupt file raises ConfigurationCorruptException and is kept). CurrentUser policies
    /// shadow AllUsers policies of the same name; the built-in Default applies when nothing else does.
    /// </summary>
    public sealed class RevocationPolicyService
    {
        public const string FileName = "policies.json";
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$", RegexOptions.CultureInvariant);
        private readonly EngineEnvironment _environment;

        public RevocationPolicyService(EngineEnvironment environment) => _environment = environment;

        public string PathOf(ConfigurationScope scope) => _environment.Paths.ConfigurationFile(scope, FileName);

        /// <summary>
        /// The policies in force (CurrentUser over AllUsers over BuiltIn), or those of one scope only, whose name
        /// matches the wildcard <paramref name="namePattern"/>. Throws ConfigurationCorruptException.
        /// </summary>
        public IReadOnlyList<RevocationPolicy> Get(string? namePattern = null, ConfigurationScope? scope = null)
        {
            var regex = string.IsNullOrEmpty(namePattern) ? null : RevocationCache.WildcardToRegex(namePattern!);
            IEnumerable<RevocationPolicy> policies;
            if (scope.HasValue)
            {
                policies = Read(scope.Value);
            }
            else
            {
                var merged = new List<RevocationPolicy>();
                foreach (var policy in Read(ConfigurationScope.CurrentUser).Concat(Read(ConfigurationScope.AllUsers)))
                    if (!merged.Any(p => string.Equals(p.Name, policy.Name, StringComparison.OrdinalIgnoreCase))) merged.Add(policy);
                if (!merged.Any(p => IsDefault(p.Name))) merged.Add(RevocationPolicy.CreateDefault());
                policies = merged;
            }

            return policies.Where(p => regex == null || regex.IsMatch(p.Name)).ToList();
        }

        /// <summary>The policy named <paramref name="name"/> in force, or null.</summary>
        public RevocationPolicy? Find(string name) => Get().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The policy for a certificate: the first enabled policy (CurrentUser, then AllUsers, in file order) whose
        /// AppliesTo matches its issuer or subject; otherwise Default.
        /// </summary>
        public RevocationPolicy Select(X509Certificate2 certificate)
        {
            var policies = Get();
            foreach (var policy in policies)
                if (policy.Enabled && !IsDefault(policy.Name) && Matches(policy, certificate)) return policy;
            return policies.FirstOrDefault(p => IsDefault(p.Name)) ?? RevocationPolicy.CreateDefault();
        }

        /// <summary>Adds or replaces the policy of the same name in <paramref name="scope"/>. Validation errors come back as a failure.</summary>
        public Outcome<RevocationPolicy> Set(RevocationPolicy policy, ConfigurationScope scope = ConfigurationScope.CurrentUser, CancellationToken cancellationToken = default)
        {
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            return Upsert(policy.Name, _ => policy, scope, cancellationToken);
        }

        /// <summary>
        /// Creates or changes the policy named in <paramref name="update"/> in <paramref name="scope"/>: properties not
        /// given keep their stored values (a new policy starts from the defaults). Read, change and write happen under
        /// the file's lock, so concurrent changes to other properties are not lost.
        /// </summary>
        public Outcome<RevocationPolicy> Apply(RevocationPolicyUpdate update, ConfigurationScope scope = ConfigurationScope.CurrentUser, CancellationToken cancellationToken = default)
        {
            if (update == null) throw new ArgumentNullException(nameof(update));
            return Upsert(update.Name, existing =>
            {
                var policy = update.ApplyTo(existing);
                policy.Name = existing?.Name ?? update.Name;
                return policy;
            }, scope, cancellationToken);
        }

        private Outcome<RevocationPolicy> Upsert(string name, Func<RevocationPolicy?, RevocationPolicy> build, ConfigurationScope scope, CancellationToken cancellationToken)
        {
            return Guard(name, scope, () =>
            {
                RevocationPolicy? stored = null;
                try
                {
                    Store(scope).Update(document =>
                    {
                        var at = document.Policies.FindIndex(p => p != null && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                        var candidate = build(at >= 0 ? document.Policies[at] : null);
                        var errors = Validate(candidate);
                        if (errors.Count > 0) throw new InvalidPolicyException(candidate, errors);
                        stored = Normalize(candidate);
                        if (at >= 0) document.Policies[at] = stored;
                        else document.Policies.Add(stored);
                        return document;
                    }, cancellationToken);
                }
                catch (InvalidPolicyException ex)
                {
                    return new InputFailure(ex.Policy.Name, ErrorIds.PolicyInvalid, FailureKind.InvalidArgument,
                        $"The revocation policy '{ex.Policy.Name}' is not valid: {string.Join("; ", ex.Errors)}.", target: ex.Policy);
                }

                var result = stored!.Clone();
                result.Origin = scope.ToString();
                return Outcome<RevocationPolicy>.Success(result);
            });
        }

        private sealed class InvalidPolicyException : Exception
        {
            public InvalidPolicyException(RevocationPolicy policy, IReadOnlyList<string> errors) : base(string.Join("; ", errors))
            {
                Policy = policy;
                Errors = errors;
            }

            public RevocationPolicy Policy { get; }

            public IReadOnlyList<string> Errors { get; }
        }

        /// <summary>Removes the policy named <paramref name="name"/> from <paramref name="scope"/>. Removing Default restores the built-in one.</summary>
        public Outcome<RevocationPolicy> Remove(string name, ConfigurationScope scope = ConfigurationScope.CurrentUser, CancellationToken cancellationToken = default)
        {
            return Guard(name, scope, () =>
            {
                RevocationPolicy? removed = null;
                var store = Store(scope);
                if (store.Exists)
                {
                    store.Update(document =>
                    {
                        removed = document.Policies.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                        if (removed != null) document.Policies.Remove(removed);
                        return document;
                    }, cancellationToken);
                }

                if (removed == null && IsDefault(name))
                    return new InputFailure(name, ErrorIds.PolicyBuiltIn, FailureKind.InvalidOperation,
                        $"The built-in policy '{RevocationPolicy.DefaultName}' cannot be removed; {scope} ({PathOf(scope)}) stores no '{RevocationPolicy.DefaultName}' of its own to remove. Change it with Set-RevocationPolicy {RevocationPolicy.DefaultName}.");
                if (removed == null)
                    return new InputFailure(name, ErrorIds.PolicyNotFound, FailureKind.NotFound,
                        $"No revocation policy named '{name}' exists in {scope} ({PathOf(scope)}).");
                removed.Origin = scope.ToString();
                return Outcome<RevocationPolicy>.Success(removed);
            });
        }

        /// <summary>Every problem with <paramref name="policy"/>, as sentences; empty when it is valid.</summary>
        public static IReadOnlyList<string> Validate(RevocationPolicy policy)
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(policy.Name) || !NamePattern.IsMatch(policy.Name))
                errors.Add("Name must be 1-64 characters: letters, digits, space, '.', '_' or '-', starting with a letter or digit");
            var methods = policy.Methods ?? Array.Empty<RevocationMethod>();
            if (methods.Length == 0) errors.Add("Method must list at least one of Ocsp, Crl, None");
            if (methods.Any(m => !Enum.IsDefined(typeof(RevocationMethod), m))) errors.Add("Method accepts only Ocsp, Crl and None");
            if (methods.Distinct().Count() != methods.Length) errors.Add("Method lists a method twice");
            var none = Array.IndexOf(methods, RevocationMethod.None);
            if (none >= 0 && none != methods.Length - 1) errors.Add("None must be the last method: methods after it would never run");
            if (policy.SoftFail && none >= 0) errors.Add("SoftFail cannot be combined with the None method (None already accepts every certificate)");
            if (!string.IsNullOrEmpty(policy.ResponderUri)
                && (!Uri.TryCreate(policy.ResponderUri, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
                errors.Add($"ResponderUri '{policy.ResponderUri}' is not an absolute http or https URL");
            foreach (var responder in policy.TrustedResponders ?? Array.Empty<string>())
                if (!IsThumbprint(responder) && !IsCertificate(responder))
                    errors.Add($"TrustedResponder '{Shorten(responder)}' is neither a SHA-1/SHA-256 thumbprint in hex nor a base64 DER certificate");
            if (policy.CheckInterval < RevocationPolicy.MinimumInterval || policy.CheckInterval > RevocationPolicy.MaximumInterval)
                errors.Add($"CheckInterval {policy.CheckInterval} must be between 1 minute and {RevocationPolicy.MaximumInterval.Days} days");
            if (policy.MaxCrlAge.HasValue && (policy.MaxCrlAge.Value < RevocationPolicy.MinimumInterval || policy.MaxCrlAge.Value > RevocationPolicy.MaximumInterval))
                errors.Add($"MaxCrlAge {policy.MaxCrlAge.Value} must be between 1 minute and {RevocationPolicy.MaximumInterval.Days} days (or not set)");
            if (!Enum.IsDefined(typeof(UnknownStatusAction), policy.UnknownStatus)) errors.Add("UnknownStatus accepts Revoked, NotRevoked or Indeterminate");
            if (!Enum.IsDefined(typeof(NonceRequirement), policy.Nonce)) errors.Add("Nonce accepts Required, Preferred or Disabled");
            if (!Enum.IsDefined(typeof(RevocationScope), policy.Scope)) errors.Add("Scope accepts EndEntity or Chain");
            foreach (var pattern in policy.AppliesTo ?? Array.Empty<string>())
                if (!TrySplitPattern(pattern, out _, out _))
                    errors.Add($"AppliesTo '{pattern}' must be 'issuer:<pattern>' or 'subject:<pattern>' with a non-empty pattern");
            if (IsDefault(policy.Name ?? "") && !policy.Enabled) errors.Add("the Default policy cannot be disabled");
            return errors;
        }

        internal static bool Matches(RevocationPolicy policy, X509Certificate2 certificate)
        {
            foreach (var pattern in policy.AppliesTo ?? Array.Empty<string>())
            {
                if (!TrySplitPattern(pattern, out var field, out var wildcard)) continue;
                var name = field == "issuer" ? certificate.IssuerName : certificate.SubjectName;
                var regex = RevocationCache.WildcardToRegex(wildcard);
                if (regex.IsMatch(name.Name)) return true;
                // Or one attribute of the name ("CN=Partner CA*"), whatever order the platform prints the name in.
                foreach (var part in name.Decode(X500DistinguishedNameFlags.UseNewLines).Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
                    if (regex.IsMatch(part.Trim())) return true;
            }

            return false;
        }

        private static bool TrySplitPattern(string pattern, out string field, out string wildcard)
        {
            field = "";
            wildcard = "";
            var colon = (pattern ?? "").IndexOf(':');
            if (colon <= 0) return false;
            field = pattern!.Substring(0, colon).Trim().ToLowerInvariant();
            wildcard = pattern.Substring(colon + 1).Trim();
            return (field == "issuer" || field == "subject") && wildcard.Length > 0;
        }

        private static bool IsThumbprint(string value)
        {
            var hex = (value ?? "").Replace(":", "").Replace(" ", "");
            return (hex.Length == 40 || hex.Length == 64) && hex.All(Uri.IsHexDigit);
        }

        private static bool IsCertificate(string value)
        {
            try
            {
                using (new X509Certificate2(Convert.FromBase64String(value ?? ""))) return true;
            }
            catch (Exception ex) when (ex is FormatException || ex is System.Security.Cryptography.CryptographicException)
            {
                return false;
            }
        }

        private static string Shorten(string value) => value == null ? "" : value.Length > 24 ? value.Substring(0, 24) + "..." : value;

        private static bool IsDefault(string name) => string.Equals(name, RevocationPolicy.DefaultName, StringComparison.OrdinalIgnoreCase);

        private static RevocationPolicy Normalize(RevocationPolicy policy)
        {
            var copy = policy.Clone();
            copy.Origin = "";
            copy.ResponderUri ??= "";
            copy.TrustedResponders = (copy.TrustedResponders ?? Array.Empty<string>())
                .Select(t => IsThumbprint(t) ? t.Replace(":", "").Replace(" ", "").ToUpperInvariant() : t).ToArray();
            copy.AppliesTo ??= Array.Empty<string>();
            return copy;
        }

        private JsonFileStore<RevocationPolicyDocument> Store(ConfigurationScope scope) => new JsonFileStore<RevocationPolicyDocument>(PathOf(scope));

        private IEnumerable<RevocationPolicy> Read(ConfigurationScope scope)
        {
            foreach (var policy in Store(scope).Read().Policies ?? new List<RevocationPolicy>())
            {
                if (policy == null) continue;
                policy.Origin = scope.ToString();
                policy.Methods ??= Array.Empty<RevocationMethod>();
                policy.TrustedResponders ??= Array.Empty<string>();
                policy.AppliesTo ??= Array.Empty<string>();
                policy.ResponderUri ??= "";
                yield return policy;
            }
        }

        private Outcome<RevocationPolicy> Guard(string name, ConfigurationScope scope, Func<Outcome<RevocationPolicy>> action)
        {
            try
            {
                return action();
            }
            catch (ConfigurationCorruptException ex)
            {
                return new InputFailure(ex.Path, ErrorIds.ConfigurationCorrupt, FailureKind.InvalidData, ex.Message, ex);
            }
            catch (TimeoutException ex)
            {
                return new InputFailure(PathOf(scope), ErrorIds.ConfigurationLocked, FailureKind.ResourceBusy, ex.Message, ex);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is System.IO.IOException)
            {
                return new InputFailure(PathOf(scope), ErrorIds.PathAccessDenied, FailureKind.PermissionDenied,
                    $"Cannot write the revocation policy '{name}' to '{PathOf(scope)}': {ex.Message}", ex);
            }
        }
    }
}
