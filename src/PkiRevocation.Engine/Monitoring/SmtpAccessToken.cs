using System;

namespace PkiRevocation.Monitoring
{
    /// <summary>
    /// An OAuth 2.0 access token for SMTP AUTH XOAUTH2 (Exchange Online, Gmail), supplied by the admin for one run or one
    /// test mail (from a SecretManagement secret, or an environment variable); the engine never stores it. Given, it
    /// replaces the stored login.
    /// </summary>
    public sealed class SmtpAccessToken
    {
        public SmtpAccessToken(string userName, string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The access token is empty.", nameof(token));
            UserName = userName?.Trim() ?? "";
            Token = token;
        }

        /// <summary>The mailbox the token was issued for (the XOAUTH2 user); empty: the monitor's From address.</summary>
        public string UserName { get; }

        /// <summary>The access token itself.</summary>
        public string Token { get; }

        /// <summary>The user name only: the token never reaches a log, an error or the console.</summary>
        public override string ToString() => (UserName.Length == 0 ? "From" : UserName) + " (access token)";
    }
}
