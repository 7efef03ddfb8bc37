using System.Text.Json;
using System.Text.Json.Serialization;
using PkiRevocation.Crl;
using PkiRevocation.Expiry;
using PkiRevocation.Monitoring;
using PkiRevocation.Ocsp;
using PkiRevocation.Revocation;
using PkiRevocation.Sessions;

namespace PkiRevocation.Cli.Output;

/// <summary>
/// The wire shape of --json: every result type pkirev writes, serialized by source-generated code (NativeAOT has no
/// reflection; the project sets JsonSerializerIsReflectionEnabledByDefault=false so a type missing here fails in the
/// tests, not in the field). Options as <see cref="PkiRevocation.Configuration.EngineJson.Compact"/>, plus the
/// JSON-lines forms of times (UTC, whole seconds), certificates (base64 DER) and durations ("c").
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true,
    Converters = [typeof(JsonLines.UtcDateTimeConverter), typeof(JsonLines.CertificateConverter), typeof(JsonLines.TimeSpanConverter)])]
[JsonSerializable(typeof(CertificateExpiry))]
[JsonSerializable(typeof(OcspResult))]
[JsonSerializable(typeof(CrlResult))]
[JsonSerializable(typeof(RevocationResult))]
[JsonSerializable(typeof(RevocationCacheEntry))]
[JsonSerializable(typeof(RevocationPolicy))]
[JsonSerializable(typeof(SessionCheckSettings))]
[JsonSerializable(typeof(LongLivedSession))]
[JsonSerializable(typeof(SessionCheckResult))]
[JsonSerializable(typeof(MonitorStatus))]
[JsonSerializable(typeof(MonitorRunResult))]
[JsonSerializable(typeof(MonitoredCertificate))]
[JsonSerializable(typeof(MonitorTaskDefinition))]
[JsonSerializable(typeof(MailDelivery))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}
