using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// POSTs the digest to an incoming webhook as {"text": "..."}: the body Microsoft Teams and Slack incoming webhooks
    /// both accept. Any 2xx answer counts as delivered; anything else is reported with the status and the start of the body.
    /// </summary>
    internal static class WebhookChannel
    {
        public static async Task<(bool Delivered, string Response)> PostAsync(Func<HttpMessageHandler> handlerFactory, Uri uri, string subject, string text, CancellationToken cancellationToken)
        {
            var body = Body(subject + "\n\n" + text);
            using (var client = new HttpClient(handlerFactory(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) })
            using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
            {
                try
                {
                    using (var response = await client.PostAsync(uri, content, cancellationToken).ConfigureAwait(false))
                    {
                        var answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        if (answer.Length > 200) answer = answer.Substring(0, 200) + "…";
                        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}{(answer.Length > 0 ? ": " + answer : "")}";
                        return (response.IsSuccessStatusCode, status);
                    }
                }
                catch (HttpRequestException ex)
                {
                    return (false, $"{uri.GetLeftPart(UriPartial.Authority)}: {ex.Message}{(ex.InnerException != null ? " (" + ex.InnerException.Message + ")" : "")}");
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return (false, $"{uri.GetLeftPart(UriPartial.Authority)}: no answer within 30 s");
                }
            }
        }

        /// <summary>{"text":"..."}, written directly (no serializer, no reflection).</summary>
        internal static string Body(string text)
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                }

                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
    }
}
