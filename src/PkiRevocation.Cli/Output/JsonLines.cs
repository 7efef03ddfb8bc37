using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using PkiRevocation.Configuration;

namespace PkiRevocation.Cli.Output;

/// <summary>
/// --json: one object per line, PowerShell property names in camelCase, enums as names, dates ISO-8601 UTC,
/// certificates as base64 DER.
/// </summary>
public static class JsonLines
{
    /// <summary>The options of <see cref="CliJsonContext"/>: its source-generated serializers only, never reflection.</summary>
    public static JsonSerializerOptions Options => CliJsonContext.Default.Options;

    public static void Write(TextWriter writer, object value) => writer.WriteLine(Serialize(value));

    /// <summary>
    /// As <see cref="Write(TextWriter, object)"/>, with <paramref name="certificate"/> (DER) as the value of a null
    /// top-level "certificate" property: for results of certificates the engine got encoded, which carry no
    /// X509Certificate2. The same bytes as if it had carried one. (A JsonNode round trip cost more than the check.)
    /// </summary>
    public static void Write(TextWriter writer, object value, byte[] certificate)
    {
        var json = Serialize(value);
        // Unescaped quotes only delimit names and values (inside strings they are escaped), so this is the property itself.
        const string missing = "\"certificate\":null";
        var at = json.IndexOf(missing, StringComparison.Ordinal);
        if (at >= 0) json = json.Substring(0, at) + "\"certificate\":" + JsonSerializer.Serialize(Convert.ToBase64String(certificate), CliJsonContext.Default.String) + json.Substring(at + missing.Length);
        writer.WriteLine(json);
    }

    /// <summary>The runtime type's serializer from <see cref="CliJsonContext"/> (NotSupportedException for a type it lacks).</summary>
    private static string Serialize(object value) => JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));

    internal sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReferenceTime.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("not an ISO-8601 time");

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ReferenceTime.ToUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    internal sealed class CertificateConverter : JsonConverter<X509Certificate2>
    {
        public override X509Certificate2 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            X509CertificateLoader.LoadCertificate(Convert.FromBase64String(reader.GetString() ?? ""));

        public override void Write(Utf8JsonWriter writer, X509Certificate2 value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Convert.ToBase64String(value.RawData));
    }

    internal sealed class TimeSpanConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
    }
}
