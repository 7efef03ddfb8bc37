using System.Net;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>
/// The MailKit transport against aiosmtpd on 127.0.0.1: the server's own reply, the Message-ID and Date headers, text
/// with an HTML alternative, a UTF-8 recipient (SMTPUTF8), implicit TLS, XOAUTH2, and the status code of a refusal.
/// </summary>
[Trait("Category", "RequiresLinuxPeers")]
public sealed class SmtpMailTransportTests
{
    private static MonitorMail Mail(SmtpTestServer server, SmtpSecurity security = SmtpSecurity.StartTls, params string[] to) => new()
    {
        SmtpServer = "127.0.0.1",
        SmtpPort = server.Port,
        Security = security,
        Credential = server.User == null ? null : new NetworkCredential(server.User, server.Password),
        From = "monitor@example.test",
        To = to.Length == 0 ? ["ops@example.test"] : to,
        Subject = "[PkiRevocation] transport test",
        TextBody = "plain body\r\n",
        HtmlBody = "<html><body><p>html body</p></body></html>",
        Date = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
        Timeout = TimeSpan.FromSeconds(20),
    };

    private static MailDelivery Send(MonitorMail mail) => SmtpMailTransport.Instance.SendAsync(mail, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void Send_StartTls_ReportsTheServersReply_AndTheMessageIdAndBodiesArrive()
    {
        using var server = SmtpTestServer.Start();

        var delivery = Send(Mail(server));

        Assert.True(delivery.Accepted, delivery.ServerResponse);
        Assert.Equal("250", delivery.StatusCode);
        var mail = Assert.Single(server.Messages());
        // aiosmtpd's own answer, "250 2.0.0 Ok: queued as <the file name>", not a text of ours.
        Assert.StartsWith("250 2.0.0 Ok: queued as ", delivery.ServerResponse);
        Assert.Single(Directory.GetFiles(server.MailDirectory, delivery.ServerResponse.Substring("250 2.0.0 Ok: queued as ".Length) + ".json"));
        Assert.False(string.IsNullOrEmpty(delivery.MessageId));
        Assert.Equal("<" + delivery.MessageId + ">", mail.MessageId);
        Assert.EndsWith("@example.test", delivery.MessageId);
        Assert.Equal("Sat, 21 Nov 2026 12:00:00 +0000", mail.Date);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Equal("plain body", mail.Text?.TrimEnd());
        Assert.Contains("html body", mail.Html);
        Assert.True(mail.Tls);
        Assert.Equal("monitor", mail.Login);
    }

    [Fact]
    public void Send_Utf8LocalPartAndIdnDomain_IsDeliveredWithSmtpUtf8()
    {
        using var server = SmtpTestServer.Start();

        var delivery = Send(Mail(server, SmtpSecurity.StartTls, "jörg.müller@bücher.example", "ops@example.test"));

        Assert.True(delivery.Accepted, delivery.ServerResponse);
        var mail = Assert.Single(server.Messages());
        Assert.Contains("jörg.müller@bücher.example", mail.RcptTos);
        Assert.Contains("ops@example.test", mail.RcptTos);
        // The header names the same mailbox; MimeKit writes the domain in its IDNA form there ("xn--bcher-kva").
        Assert.Contains("jörg.müller@xn--bcher-kva.example", mail.To);
    }

    [Fact]
    public void Send_ImplicitTls_DeliversOverTlsFromTheFirstByte()
    {
        using var server = SmtpTestServer.Start(implicitTls: true);

        var delivery = Send(Mail(server, SmtpSecurity.Tls));

        Assert.True(delivery.Accepted, delivery.ServerResponse);
        Assert.True(Assert.Single(server.Messages()).Tls);
    }

    [Fact]
    public void Send_StartTlsAgainstAnImplicitTlsPort_FailsWithoutSending()
    {
        using var server = SmtpTestServer.Start(implicitTls: true);
        var mail = Mail(server);
        mail.Timeout = TimeSpan.FromSeconds(3);

        var delivery = Send(mail);

        Assert.False(delivery.Accepted);
        Assert.Empty(server.Messages());
        Assert.StartsWith($"127.0.0.1:{server.Port}: ", delivery.ServerResponse);
    }

    [Fact]
    public void Send_RejectedAtData_GivesTheStatusCodeAndTheServersText()
    {
        using var server = SmtpTestServer.Start();
        server.Reject("550 5.1.1 Mailbox unavailable for testing");

        var delivery = Send(Mail(server));

        Assert.False(delivery.Accepted);
        Assert.Equal("550", delivery.StatusCode);
        Assert.Contains("550", delivery.ServerResponse);
        Assert.Contains("Mailbox unavailable for testing", delivery.ServerResponse);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public void Send_XOAuth2WithTheRightToken_IsAccepted()
    {
        using var server = SmtpTestServer.Start(user: null, xoauth2: ("monitor@example.test", "ya29.test-access-token"));
        var mail = Mail(server);
        mail.AccessTokenUser = "monitor@example.test";
        mail.AccessToken = "ya29.test-access-token";

        var delivery = Send(mail);

        Assert.True(delivery.Accepted, delivery.ServerResponse);
        Assert.Equal("monitor@example.test", Assert.Single(server.Messages()).Login);
    }

    [Fact]
    public void Send_XOAuth2WithAnotherToken_IsRefusedWith535()
    {
        using var server = SmtpTestServer.Start(user: null, xoauth2: ("monitor@example.test", "ya29.test-access-token"));
        var mail = Mail(server);
        mail.AccessTokenUser = "monitor@example.test";
        mail.AccessToken = "ya29.expired-token";

        var delivery = Send(mail);

        Assert.False(delivery.Accepted);
        Assert.Equal("535", delivery.StatusCode);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public void Send_LoginWithoutTls_IsRefusedBeforeConnecting()
    {
        using var server = SmtpTestServer.Start(startTls: false);
        var mail = Mail(server, SmtpSecurity.None);
        mail.AccessTokenUser = "monitor@example.test";
        mail.AccessToken = "ya29.test-access-token";

        var delivery = Send(mail);

        Assert.False(delivery.Accepted);
        Assert.Contains("without TLS", delivery.ServerResponse);
        Assert.Empty(server.Messages());
    }
}
