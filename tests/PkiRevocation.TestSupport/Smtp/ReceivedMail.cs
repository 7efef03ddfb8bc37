namespace PkiRevocation.TestSupport;

/// <summary>One message as the test SMTP server received and decoded it.</summary>
public sealed class ReceivedMail
{
    public string MailFrom { get; set; } = "";
    public string[] RcptTos { get; set; } = Array.Empty<string>();
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string Date { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string? Text { get; set; }
    public string? Html { get; set; }
    public bool Tls { get; set; }
    public string? Login { get; set; }
}
