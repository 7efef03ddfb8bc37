using System;
using System.Collections.Generic;
using System.DirectoryServices.Protocols;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Net
{
    /// <summary>
    /// Reads binary attribute values (certificateRevocationList;binary, deltaRevocationList;binary,
    /// cACertificate;binary) from the entry an LDAP URL names, honouring its attributes, scope and filter, through
    /// System.DirectoryServices.Protocols (the host supplies its implementation: see the engine's project file).
    /// Binds anonymously, or on Windows with the current user's Negotiate (Kerberos/NTLM) credentials, or with the
    /// credential given (Negotiate on Windows; a simple bind elsewhere, only over ldaps:// so the password never
    /// crosses the network in clear). Referrals are reported, never followed. Never throws for directory or network
    /// trouble: the result says what went wrong.
    /// </summary>
    /// <remarks>
    /// Bounds: the time limit is the connection's and the search's timeout, and the wait for the whole read is
    /// bounded too (a read still running then is abandoned on its thread). The size limit counts the attribute
    /// values returned: libldap and wldap32 receive the whole answer before handing it over (S.DS.P has no option
    /// to cap incoming bytes), so an oversized answer is refused after it arrived; at most 16 entries are asked for.
    /// </remarks>
    internal static class LdapDirectoryReader
    {
        private const int MaxEntries = 16;

        /// <summary>
        /// The values of the URL's attributes (or <paramref name="defaultAttribute"/> when it names none) of every
        /// entry found, in order.
        /// </summary>
        public static LdapReadResult Read(LdapUrl url, string defaultAttribute, NetworkCredential? credential, TimeSpan timeout, long maxBytes,
            CancellationToken cancellationToken)
        {
            var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var host = url.Host;
            var hostStep = "";
            if (!url.HasHost)
            {
                if (!windows)
                    return LdapReadResult.Skipped($"{url}: names no server, which means the directory of this machine's Active Directory domain; only Windows locates it, so it is skipped here");
                host = DomainName();
                if (host.Length == 0)
                    return LdapReadResult.Skipped($"{url}: names no server (the directory of this machine's domain), but this machine is in no domain; skipped");
                hostStep = $" (the domain's directory, {host})";
            }

            AuthType authType;
            string bindStep;
            if (credential != null && windows) { authType = AuthType.Negotiate; bindStep = $"Negotiate bind as {Who(credential)}"; }
            else if (credential != null && url.Secure) { authType = AuthType.Basic; bindStep = $"simple bind as {Who(credential)} over TLS"; }
            else if (credential != null)
                return LdapReadResult.Skipped($"{url}: a credential is sent off Windows only over ldaps:// (a simple bind over ldap:// would carry the password in clear); skipped");
            else if (windows) { authType = AuthType.Negotiate; bindStep = "Negotiate bind as the current user"; }
            else { authType = AuthType.Anonymous; bindStep = "anonymous bind"; }

            var attributes = (url.Attributes.Count > 0 ? url.Attributes : new[] { defaultAttribute })
                .Select(a => a.IndexOf(';') < 0 ? a + ";binary" : a).ToArray();
            var where = $"{url}: LDAP {(url.Secure ? "over TLS " : "")}{host}:{url.Port}{hostStep}, {bindStep}, {Scope(url.Scope)} search of '{url.DistinguishedName}' for {string.Join(", ", attributes)} with {url.Filter}";

            var work = Task.Run(() => Search(url, host, authType, credential, attributes, timeout, maxBytes, where));
            try
            {
                // The library's own timeouts normally end the read first; this wait is the outer bound.
                if (!work.Wait((int)Math.Min(int.MaxValue, (timeout + timeout).TotalMilliseconds), cancellationToken))
                    return LdapReadResult.Failed($"{where}: no answer within {timeout.TotalSeconds:0.#} s", connectivity: true);
            }
            catch (AggregateException ex)
            {
                return LdapReadResult.Failed($"{where}: {ex.InnerException?.Message ?? ex.Message}", connectivity: false);
            }

            return work.Result;
        }

        private static LdapReadResult Search(LdapUrl url, string host, AuthType authType, NetworkCredential? credential, string[] attributes, TimeSpan timeout, long maxBytes,
            string where)
        {
            try
            {
                using (var connection = new LdapConnection(new LdapDirectoryIdentifier(host, url.Port), credential, authType))
                {
                    connection.Timeout = timeout;
                    connection.AutoBind = false;
                    connection.SessionOptions.ProtocolVersion = 3;
                    connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
                    if (url.Secure) connection.SessionOptions.SecureSocketLayer = true;
                    if (authType == AuthType.Negotiate)
                    {
                        // Signed and sealed, as AD's LDAP signing policy asks.
                        connection.SessionOptions.Signing = true;
                        connection.SessionOptions.Sealing = true;
                    }

                    connection.Bind();
                    var scope = url.Scope == LdapUrlScope.Base ? SearchScope.Base : url.Scope == LdapUrlScope.OneLevel ? SearchScope.OneLevel : SearchScope.Subtree;
                    var request = new SearchRequest(url.DistinguishedName, url.Filter, scope, attributes)
                    {
                        SizeLimit = MaxEntries,
                        TimeLimit = timeout,
                    };
                    var response = (SearchResponse)connection.SendRequest(request, timeout);
                    if (response.Referral != null && response.Referral.Length > 0 && response.Entries.Count == 0)
                        return LdapReadResult.Failed($"{where}: referred to {string.Join(", ", response.Referral.Select(r => r.ToString()))} (referrals are not followed)", connectivity: false);

                    var wanted = new HashSet<string>(attributes.Select(BaseName), StringComparer.OrdinalIgnoreCase);
                    var values = new List<byte[]>();
                    long total = 0;
                    foreach (SearchResultEntry entry in response.Entries)
                    {
                        foreach (string name in entry.Attributes.AttributeNames)
                        {
                            if (!wanted.Contains(BaseName(name))) continue;
                            foreach (byte[] value in entry.Attributes[name].GetValues(typeof(byte[])))
                            {
                                total += value.Length;
                                if (total > maxBytes)
                                    return LdapReadResult.Failed($"{where}: the values exceed the {maxBytes}-byte limit; refused", connectivity: false);
                                values.Add(value);
                            }
                        }
                    }

                    if (values.Count == 0)
                        return LdapReadResult.Failed($"{where}: {response.Entries.Count} entr{(response.Entries.Count == 1 ? "y" : "ies")} found, no value of {string.Join(", ", attributes)}", connectivity: false);
                    return new LdapReadResult(values, $"{where}: {values.Count} value(s), {total} bytes from {response.Entries.Count} entr{(response.Entries.Count == 1 ? "y" : "ies")}");
                }
            }
            catch (DirectoryOperationException ex)
            {
                var code = ex.Response?.ResultCode;
                var referral = ex.Response?.Referral;
                if (code == ResultCode.Referral && referral != null && referral.Length > 0)
                    return LdapReadResult.Failed($"{where}: referred to {string.Join(", ", referral.Select(r => r.ToString()))} (referrals are not followed)", connectivity: false);
                return LdapReadResult.Failed($"{where}: the directory answered {code}: {ex.Message}", connectivity: false);
            }
            catch (LdapException ex)
            {
                // 81 server down, 85 timeout, 91 connect error: the server was not reached. Anything else (49 invalid
                // credentials, 48 inappropriate authentication, ...) is an answer.
                var connectivity = ex.ErrorCode == 81 || ex.ErrorCode == 85 || ex.ErrorCode == 91;
                return LdapReadResult.Failed($"{where}: {ex.Message} (LDAP error {ex.ErrorCode}{(string.IsNullOrEmpty(ex.ServerErrorMessage) ? "" : ", " + ex.ServerErrorMessage.Trim())})", connectivity);
            }
            catch (DirectoryException ex)
            {
                return LdapReadResult.Failed($"{where}: {ex.Message}", connectivity: true);
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException || ex is DllNotFoundException || ex is TypeInitializationException || ex is EntryPointNotFoundException)
            {
                return LdapReadResult.Failed($"{where}: LDAP is not available in this process ({ex.GetType().Name}: {ex.Message}); on Linux it needs the OpenLDAP client library (Debian/Ubuntu: libldap-2.5-0 or later)", connectivity: false);
            }
        }

        private static string BaseName(string attribute)
        {
            var semicolon = attribute.IndexOf(';');
            return semicolon < 0 ? attribute : attribute.Substring(0, semicolon);
        }

        private static string Scope(LdapUrlScope scope) => scope == LdapUrlScope.Base ? "base" : scope == LdapUrlScope.OneLevel ? "one-level" : "subtree";

        private static string Who(NetworkCredential credential) =>
            string.IsNullOrEmpty(credential.Domain) ? credential.UserName : credential.Domain + "\\" + credential.UserName;

        private static string DomainName()
        {
            try
            {
                return IPGlobalProperties.GetIPGlobalProperties().DomainName ?? "";
            }
            catch (NetworkInformationException)
            {
                return "";
            }
        }
    }
}
