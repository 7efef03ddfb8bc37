using System.Text.Json;
using System.Text.Json.Serialization;

namespace PkiRevocation.Configuration
{
    /// <summary>The one JSON convention of the project: camelCase names, enums as their names, ISO-8601 dates.</summary>
    public static class EngineJson
    {
        public static JsonSerializerOptions Options { get; } = Create(indented: true);

        public static JsonSerializerOptions Compact { get; } = Create(indented: false);

        private static JsonSerializerOptions Create(bool indented)
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DictionaryKeyPolicy = null,
                WriteIndented = indented,
                DefaultIgnoreCondition = JsonIgnoreCondition.Never,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            };
            options.Converters.Add(new JsonStringEnumConverter());
            return options;
        }
    }
}
