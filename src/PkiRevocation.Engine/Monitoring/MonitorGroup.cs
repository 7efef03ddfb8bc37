namespace PkiRevocation.Monitoring
{
    /// <summary>The digest's groups, most urgent first.</summary>
    public enum MonitorGroup
    {
        /// <summary>notAfter is before the reference time.</summary>
        Expired,

        /// <summary>Valid, with notAfter within 7 days (168 hours) of the reference time: the monitor then runs hourly.</summary>
        Within7Days,

        /// <summary>Valid, with notAfter within NotificationStartDays.</summary>
        WithinWindow,
    }
}
