using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PkiRevocation.Files;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// The names stored in a configuration file of both scopes (AllUsers, then CurrentUser), for tab completion and
    /// listings that need names only. Reads without the lock and never writes: a missing, unreadable or corrupt file
    /// gives no names (the commands that read it for real report the corruption). The collection may be an array of
    /// objects with a name property, or an object keyed by name; it may be the document itself or one of its properties.
    /// </summary>
    public static class ConfigurationNames
    {
        /// <summary>
        /// A reader for <paramref name="fileName"/>: <c>FromJson("policies.json", "policies")</c> reads
        /// {"policies":[{"name":"Strict",…}]} or {"policies":{"Strict":{…}}}; a null collection reads the root.
        /// </summary>
        public static Func<PkiRevocationPaths, IEnumerable<string>> FromJson(string fileName, string? collectionProperty = null, string nameProperty = "name") =>
            paths => Read(paths, fileName, collectionProperty, nameProperty);

        public static IReadOnlyList<string> Read(PkiRevocationPaths paths, string fileName, string? collectionProperty = null, string nameProperty = "name")
        {
            var names = new List<string>();
            foreach (var scope in new[] { ConfigurationScope.AllUsers, ConfigurationScope.CurrentUser })
                names.AddRange(ReadFile(paths.ConfigurationFile(scope, fileName), collectionProperty, nameProperty));
            return names.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
        }

        private static IEnumerable<string> ReadFile(string path, string? collectionProperty, string nameProperty)
        {
            var read = InputFile.Read(path, InputFileKind.Configuration);
            if (read.IsFailure) return Array.Empty<string>();
            var bytes = read.Result!;

            try
            {
                using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                var collection = document.RootElement;
                if (collectionProperty != null && !TryGetProperty(collection, collectionProperty, out collection)) return Array.Empty<string>();
                return Names(collection, nameProperty).ToArray();
            }
            catch (JsonException)
            {
                return Array.Empty<string>();
            }
        }

        private static IEnumerable<string> Names(JsonElement collection, string nameProperty)
        {
            if (collection.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in collection.EnumerateObject()) yield return property.Name;
            }
            else if (collection.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in collection.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object && TryGetProperty(item, nameProperty, out var name) && name.ValueKind == JsonValueKind.String
                        && !string.IsNullOrWhiteSpace(name.GetString()))
                        yield return name.GetString()!;
            }
        }

        // camelCase on disk (EngineJson), but accept any casing: a hand-edited file is still completed.
        private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            value = default;
            if (element.ValueKind != JsonValueKind.Object) return false;
            foreach (var property in element.EnumerateObject())
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) { value = property.Value; return true; }
            return false;
        }
    }
}
