using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Certificates
{
    /// <summary>A certificate store: "My@LocalMachine", "store://CurrentUser/Root", or name plus location.</summary>
    public sealed class CertificateStoreReference
    {
        public CertificateStoreReference(string name, StoreLocation location)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A store name is required.", nameof(name));
            Name = name.Trim();
            Location = location;
        }

        public string Name { get; }

        public StoreLocation Location { get; }

        /// <summary>The store an administrator means by default: LocalMachine\My on Windows, CurrentUser/My elsewhere.</summary>
        public static CertificateStoreReference Default =>
            new CertificateStoreReference("My", RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StoreLocation.LocalMachine : StoreLocation.CurrentUser);

        public override string ToString() => $"store://{Location}/{Name}";

        /// <summary>Parses "Name", "Name@Location" or "store://Location/Name"; the location defaults to <paramref name="defaultLocation"/>.</summary>
        public static bool TryParse(string? text, out CertificateStoreReference? store, out string? error, StoreLocation defaultLocation = StoreLocation.CurrentUser)
        {
            store = null;
            error = null;
            var value = (text ?? "").Trim();
            string name;
            string? location = null;
            if (value.StartsWith("store://", StringComparison.OrdinalIgnoreCase))
            {
                var parts = value.Substring(8).Split('/');
                if (parts.Length != 2)
                {
                    error = $"'{text}' is not store://Location/Name";
                    return false;
                }

                location = parts[0];
                name = parts[1];
            }
            else
            {
                var at = value.IndexOf('@');
                name = at < 0 ? value : value.Substring(0, at);
                if (at >= 0) location = value.Substring(at + 1);
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                error = $"'{text}' names no store";
                return false;
            }

            var resolved = defaultLocation;
            if (location != null && !Enum.TryParse(location, ignoreCase: true, out resolved))
            {
                error = $"'{text}': the store location must be CurrentUser or LocalMachine";
                return false;
            }

            store = new CertificateStoreReference(name, resolved);
            return true;
        }
    }
}
