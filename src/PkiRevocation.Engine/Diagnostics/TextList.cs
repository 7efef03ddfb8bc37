using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PkiRevocation.Diagnostics
{
    /// <summary>
    /// A list of lines in a result (Steps, TimeEncodingViolations): a read-only list of strings everywhere (indexing,
    /// foreach, -contains; Export-Clixml and remoting keep the items), whose text form joins them with "; ", so
    /// Export-Csv writes the lines themselves rather than "System.String[]".
    /// </summary>
    public sealed class TextList : ReadOnlyCollection<string>
    {
        public static readonly TextList Empty = new TextList(Array.Empty<string>());

        public TextList(IList<string> items)
            : base(items ?? Array.Empty<string>())
        {
        }

        public static implicit operator TextList(string[] items) => items == null || items.Length == 0 ? Empty : new TextList(items);

        public override string ToString() => string.Join("; ", this);
    }
}
