using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PkiRevocation.PowerShell.Completion
{
    /// <summary>
    /// What every completer of the module does with its candidate names, without PowerShell types (so xunit can run
    /// it): keep the names that start with the word typed so far (or match it, when it holds * or ?), case-insensitively,
    /// sorted, once each; quote the ones PowerShell would otherwise split or expand.
    /// </summary>
    internal static class CompletionMatcher
    {
        private static readonly char[] NeedsQuotes = { ' ', '\t', '\'', '"', '`', '$', ';', ',', '(', ')', '{', '}', '@', '#', '|', '&', '<', '>', '[', ']' };

        public static IEnumerable<(string CompletionText, string Name)> Match(IEnumerable<string> names, string? wordToComplete)
        {
            var word = (wordToComplete ?? "").Trim().Trim('\'', '"');
            Func<string, bool> matches;
            if (word.IndexOfAny(new[] { '*', '?' }) >= 0)
            {
                var pattern = new Regex("^" + Regex.Escape(word).Replace("\\*", ".*").Replace("\\?", ".") + (word.EndsWith("*", StringComparison.Ordinal) ? "" : ".*") + "$",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                matches = pattern.IsMatch;
            }
            else
            {
                matches = n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase);
            }

            return names
                .Where(n => !string.IsNullOrEmpty(n) && matches(n))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => (Quote(n), n));
        }

        public static string Quote(string name) =>
            name.IndexOfAny(NeedsQuotes) >= 0 || name.StartsWith("-", StringComparison.Ordinal) ? "'" + name.Replace("'", "''") + "'" : name;
    }
}
