using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace PkiRevocation.Certificates
{
    /// <summary>A certificate store: "My@LocalMachine", "store://CurrentUser/Root", or name plus location.</summary>
    public sealed class CertificateStoreReference
    {
        // Separators of the written forms, never part of a store's name ('/' and '\\' would also leave the store folder on Linux).
        private static readonly char[] Reserved = { '@', '/', '\\' };

        public CertificateStoreReference(string name, StoreLocation location)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A store name is required.", nameof(name));
            if (name.IndexOfAny(Reserved) >= 0)
                throw new ArgumentException($"'{name}' is not a store name: use Name, Name@Location or store://Location/Name through TryParse.", nameof(name));
            Name = name.Trim();
            Location = location;
        }

        public string Name { get; }

        public StoreLocation Location { get; }

        /// <summary>The store an administrator means by default: LocalMachine\My on Windows, CurrentUser/My elsewhere.</summary>
        public static CertificateStoreReference Default =>
            new CertificateStoreReference("My", RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StoreLocation.LocalMachine : StoreLocation.CurrentUser);

        public override string ToString() => $"store://{Location}/{Name}";

        /// <summary>
        /// Parses "Name", "Name@Location" or "store://Location/Name" (what Source shows); a location written in the text wins over
        /// <paramref name="defaultLocation"/>, which applies to a bare name.
        /// </summary>
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

            if (name.IndexOfAny(Reserved) >= 0)
            {
                error = $"'{text}' is not Name, Name@Location or store://Location/Name";
                return false;
            }

            var resolved = defaultLocation;
            if (location != null && (!Enum.TryParse(location.Trim(), ignoreCase: true, out resolved) || !Enum.IsDefined(typeof(StoreLocation), resolved) || char.IsDigit(location.Trim().FirstOrDefault())))
            {
                error = $"'{text}': the store location must be CurrentUser or LocalMachine";
                return false;
            }

            store = new CertificateStoreReference(name, resolved);
            return true;
        }
    }
}
