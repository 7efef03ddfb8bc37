using System.Text.Json.Serialization;

namespace PkiRevocation.TestSupport;

/// <summary>The test SMTP server's message files (smtp_server.py writes them), read without reflection: the CLI tests run with it off.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ReceivedMail))]
internal sealed partial class SmtpJsonContext : JsonSerializerContext
{
}
