using System.Text.Json;
using System.Text.Json.Serialization;
using PkiRevocation.Monitoring;
using PkiRevocation.Revocation;
using PkiRevocation.Sessions;

namespace PkiRevocation.Configuration
{
    /// <summary>
    /// Every JSON document the engine writes or reads, serialized by source-generated code (no reflection, which
    /// NativeAOT has not): the settings and policy files, the state files, the cache's metadata, the protected credential
    /// file. The options are the project's one convention (<see cref="EngineJson"/>): camelCase names, enums as their
    /// names, ISO-8601 dates, indented. A type missing here cannot be written at all (NotSupportedException), on every
    /// host, so nothing falls back to reflection quietly.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UseStringEnumConverter = true)]
    [JsonSerializable(typeof(MonitorSettings))]
    [JsonSerializable(typeof(MonitorState))]
    [JsonSerializable(typeof(RevocationPolicyDocument))]
    [JsonSerializable(typeof(SessionConfiguration))]
    [JsonSerializable(typeof(SessionCheckState))]
    [JsonSerializable(typeof(RevocationCache.Metadata))]
    [JsonSerializable(typeof(ProtectedCredentialFile.StoredCredential))]
    internal sealed partial class EngineJsonContext : JsonSerializerContext
    {
    }
}
