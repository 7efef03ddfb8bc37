using System;
using System.Threading;
using PkiRevocation.Configuration;

namespace PkiRevocation.Sessions
{
    /// <summary>sessions.json of each scope (settings + registry) and state/sessions.json (last checks), all through JsonFileStore.</summary>
    internal sealed class SessionConfigurationStore
    {
        public const string FileName = "sessions.json";
        private readonly PkiRevocationPaths _paths;

        public SessionConfigurationStore(PkiRevocationPaths paths) => _paths = paths;

        public JsonFileStore<SessionConfiguration> Configuration(ConfigurationScope scope) =>
            new JsonFileStore<SessionConfiguration>(_paths.ConfigurationFile(scope, FileName));

        public JsonFileStore<SessionCheckState> State => new JsonFileStore<SessionCheckState>(System.IO.Path.Combine(_paths.StateDirectory, FileName));

        /// <summary>A scope's document; settings that break the rules make the file corrupt (reported with its path, kept).</summary>
        public SessionConfiguration Read(ConfigurationScope scope)
        {
            var store = Configuration(scope);
            var document = store.Read();
            Check(store.Path, document);
            foreach (var session in document.Sessions) session.Scope = scope;
            return document;
        }

        public SessionConfiguration Update(ConfigurationScope scope, Func<SessionConfiguration, SessionConfiguration> change, CancellationToken cancellationToken)
        {
            var store = Configuration(scope);
            return store.Update(document =>
            {
                Check(store.Path, document);
                return change(document);
            }, cancellationToken);
        }

        private static void Check(string path, SessionConfiguration document)
        {
            if (document.Sessions == null) document.Sessions = new System.Collections.Generic.List<LongLivedSession>();
            document.Sessions.RemoveAll(s => s == null);
            if (document.Settings == null) return;
            var errors = document.Settings.Validate();
            if (errors.Count > 0)
                throw new ConfigurationCorruptException(path, new System.IO.InvalidDataException(string.Join(" ", errors)));
        }
    }
}
