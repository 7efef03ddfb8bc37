using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json;
using PkiRevocation.Configuration;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>
    /// Tab completion for -RevocationPolicy of Set-LongLivedSessionCheck: the names in policies.json of both scopes
    /// ({"policies":[{"name":…}]}), plus the built-in Default. Read straight from the files, so it does not depend
    /// on the revocation policy store's types; never throws.
    /// </summary>
    public sealed class SessionRevocationPolicyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Default" };
            var paths = PkiRevocationPaths.FromEnvironment();
            foreach (var scope in new[] { ConfigurationScope.CurrentUser, ConfigurationScope.AllUsers })
                foreach (var name in Read(paths.ConfigurationFile(scope, "policies.json"))) names.Add(name);

            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return names
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(n.IndexOf(' ') >= 0 || n.IndexOf('\'') >= 0 ? "'" + n.Replace("'", "''") + "'" : n, n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        private static IEnumerable<string> Read(string path)
        {
            try
            {
                if (!File.Exists(path)) return Array.Empty<string>();
                using (var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object) return Array.Empty<string>();
                    var collection = root.EnumerateObject().FirstOrDefault(p => p.Name.Equals("policies", StringComparison.OrdinalIgnoreCase)).Value;
                    if (collection.ValueKind != JsonValueKind.Array) return Array.Empty<string>();
                    return collection.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.Object)
                        .Select(e => e.EnumerateObject().FirstOrDefault(p => p.Name.Equals("name", StringComparison.OrdinalIgnoreCase)).Value)
                        .Where(v => v.ValueKind == JsonValueKind.String)
                        .Select(v => v.GetString() ?? "")
                        .Where(n => n.Length > 0)
                        .ToList();
                }
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }
    }
}
