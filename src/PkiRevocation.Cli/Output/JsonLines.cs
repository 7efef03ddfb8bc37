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
    public static readonly JsonSerializerOptions Options = Create();

    public static void Write(TextWriter writer, object value) => writer.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(EngineJson.Compact);
        options.Converters.Add(new UtcDateTimeConverter());
        options.Converters.Add(new CertificateConverter());
        options.Converters.Add(new TimeSpanConverter());
        return options;
    }

    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReferenceTime.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("not an ISO-8601 time");

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ReferenceTime.ToUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private sealed class CertificateConverter : JsonConverter<X509Certificate2>
    {
        public override X509Certificate2 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            X509CertificateLoader.LoadCertificate(Convert.FromBase64String(reader.GetString() ?? ""));

        public override void Write(Utf8JsonWriter writer, X509Certificate2 value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Convert.ToBase64String(value.RawData));
    }

    private sealed class TimeSpanConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
    }
}
