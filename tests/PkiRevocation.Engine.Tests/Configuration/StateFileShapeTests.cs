using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;
using PkiRevocation.Revocation;
using PkiRevocation.Sessions;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Configuration;

/// <summary>
/// The files on disk keep their exact bytes: each fixture is a file as the engine wrote it with reflection-based
/// System.Text.Json (checked against that code before the move to the source-generated context), read and written
/// back through <see cref="JsonFileStore{T}"/>. A renamed property, another enum or date form, another indentation
/// or property order fails here.
/// </summary>
public sealed class StateFileShapeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string MonitorStateFile = """
        {
          "lastRun": "2026-11-21T12:00:00Z",
          "lastOutcome": "Sent",
          "lastMessage": "Sent 2 notices to ops@example.test (250 2.0.0 Ok: queued as 4B1C2).",
          "nextRun": "2026-11-22T12:00:00Z",
          "lastRestart": null,
          "notices": {
            "9F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C": {
              "thumbprint": "9F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C",
              "subject": "CN=w\u00FCrzburg.example.test, O=\u0022Quoted\u0022 \u0026 Co",
              "notAfter": "2026-12-01T00:00:00Z",
              "source": "store://LocalMachine/My",
              "lastGroup": "WithinWindow",
              "lastSentAt": "2026-11-21T12:00:00.5Z",
              "lastSeenAt": "2026-11-21T12:00:00Z"
            }
          }
        }
        """;

    private const string SessionStateFile = """
        {
          "sessions": {
            "CurrentUser|ldap-dc1": {
              "lastCheckedAt": "2026-11-21T06:00:00Z",
              "lastVerdict": "Revoked"
            }
          }
        }
        """;

    private const string PoliciesFile = """
        {
          "version": 1,
          "policies": [
            {
              "name": "Strict",
              "methods": [
                "Ocsp",
                "Crl"
              ],
              "responderUri": "http://ocsp.example.test/",
              "unknownStatus": "Revoked",
              "nonce": "Required",
              "trustedResponders": [],
              "checkInterval": "04:00:00",
              "scope": "EndEntity",
              "appliesTo": [
                "*.example.test"
              ],
              "enabled": true,
              "softFail": false,
              "preferHttp": false,
              "maxCrlAge": "7.00:00:00"
            }
          ]
        }
        """;

    private const string SessionsFile = """
        {
          "settings": {
            "certificateValidityCheck": true,
            "validityCheckFrequency": "1.00:00:00",
            "minimumSessionAge": "06:00:00",
            "revocationPolicy": "Strict",
            "kinds": [
              "Ldap",
              "IPsec"
            ],
            "expiringWithinDays": 30
          },
          "sessions": [
            {
              "name": "ldap-dc1",
              "kind": "Ldap",
              "endpoint": "tls://dc1.example.test:636",
              "establishedAt": "2026-11-20T08:00:00Z",
              "pinnedCertificate": null,
              "pinnedIssuers": []
            }
          ]
        }
        """;

    [Fact]
    public void MonitorState_ReadAndWrittenBack_IsByteIdentical() => AssertRoundTrip<MonitorState>(MonitorStateFile);

    [Fact]
    public void SessionCheckState_ReadAndWrittenBack_IsByteIdentical() => AssertRoundTrip<SessionCheckState>(SessionStateFile);

    [Fact]
    public void Policies_ReadAndWrittenBack_AreByteIdentical() => AssertRoundTrip<RevocationPolicyDocument>(PoliciesFile);

    [Fact]
    public void Sessions_ReadAndWrittenBack_AreByteIdentical() => AssertRoundTrip<SessionConfiguration>(SessionsFile);

    private void AssertRoundTrip<T>(string fixture) where T : class, new()
    {
        var expected = fixture.Replace("\r\n", "\n").Replace("\n", Environment.NewLine);
        var path = _dir.File("state.json");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(expected));
        var written = new JsonFileStore<T>(path).Update(document => document);
        Assert.Equal(expected, Encoding.UTF8.GetString(File.ReadAllBytes(path)));
        // And the same bytes as the reflection-based serializer with the options the engine used before the context.
        Assert.Equal(expected, JsonSerializer.Serialize(written, ReflectionOptions));
    }

    /// <summary>EngineJson's options as they were before the source-generated context (reflection, JsonStringEnumConverter).</summary>
    private static readonly JsonSerializerOptions ReflectionOptions = CreateReflectionOptions();

    private static JsonSerializerOptions CreateReflectionOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
