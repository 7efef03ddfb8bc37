using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// The one JSON convention of the project: camelCase names, enums as their names, ISO-8601 dates. The types are
    /// resolved by the source-generated <see cref="EngineJsonContext"/> only (never by reflection).
    /// </summary>
    public static class EngineJson
    {
        public static JsonSerializerOptions Options { get; } = EngineJsonContext.Default.Options;

        public static JsonSerializerOptions Compact { get; } = new JsonSerializerOptions(EngineJsonContext.Default.Options) { WriteIndented = false };

        /// <summary>The serializer of <typeparamref name="T"/> under <paramref name="options"/>; NotSupportedException when the options' resolver does not know it.</summary>
        public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
