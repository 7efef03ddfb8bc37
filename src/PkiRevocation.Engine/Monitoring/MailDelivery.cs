using System;

namespace PkiRevocation.Monitoring
{
    /// <summary>What the SMTP server said about one message. Only <see cref="Accepted"/> lets the monitor mark notices sent.</summary>
    public sealed class MailDelivery
    {
        public bool Accepted { get; set; }

        /// <summary>The SMTP status code as a number ("250", "554"), or empty when no server answered.</summary>
        public string StatusCode { get; set; } = "";

        /// <summary>The server's own reply ("250 2.0.0 Ok: queued as …"), or why there was none: refused connection, TLS failure, timeout.</summary>
        public string ServerResponse { get; set; } = "";

        public string[] Recipients { get; set; } = Array.Empty<string>();

        /// <summary>The Message-ID header of the message sent (without angle brackets); empty when nothing was sent.</summary>
        public string MessageId { get; set; } = "";

        /// <summary>Why the send failed, for the error record; internal so the delivery object stays plain data.</summary>
        internal Exception? Exception { get; set; }
    }
}
