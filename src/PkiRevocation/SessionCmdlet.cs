using System;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;

namespace PkiRevocation.PowerShell
{
    /// <summary>
    /// The base of the long-lived session cmdlets: maps the setup failures of sessions.json (corrupt file, lock held,
    /// invalid settings) to terminating errors with their ErrorIds and the file as TargetObject.
    /// </summary>
    public abstract class SessionCmdlet : PkiCmdlet
    {
        /// <summary>Runs one engine call; a configuration that cannot be used stops the command.</summary>
        protected T Guard<T>(Func<T> call, object? target = null)
        {
            try
            {
                return call();
            }
            catch (ConfigurationCorruptException ex)
            {
                ThrowTerminating(ErrorIds.ConfigurationCorrupt, FailureKind.InvalidConfiguration, ex.Message, ex.Path, ex);
            }
            catch (TimeoutException ex)
            {
                ThrowTerminating(ErrorIds.ConfigurationLocked, FailureKind.ResourceBusy, ex.Message, target, ex);
            }
            catch (SessionPolicyNotFoundException ex)
            {
                ThrowTerminating(ErrorIds.PolicyNotFound, FailureKind.NotFound, ex.Message, ex.PolicyName, ex);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminating(ErrorIds.SessionSettingsInvalid, FailureKind.InvalidArgument, ex.Message, target, ex);
            }

            throw new InvalidOperationException("unreachable");
        }
    }
}
