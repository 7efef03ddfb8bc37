using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Monitoring
{
    /// <summary>Sends one mail. The one seam between the monitor and SMTP (see <see cref="SmtpMailTransport"/>).</summary>
    public interface IMailTransport
    {
        /// <summary>Sends <paramref name="mail"/>; a refusal or a network failure is a result (Accepted = false), not an exception.</summary>
        Task<MailDelivery> SendAsync(MonitorMail mail, CancellationToken cancellationToken);
    }
}
