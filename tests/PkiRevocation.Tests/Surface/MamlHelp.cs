using System.Xml;
using System.Xml.Linq;

namespace PkiRevocation.Tests.Surface;

/// <summary>en-US/PkiRevocation.dll-Help.xml read as MAML: one <see cref="MamlCommand"/> per command:command entry.</summary>
public sealed class MamlHelp
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private MamlHelp(XDocument document)
    {
        Document = document;
        Commands = document.Root!.Elements(Command + "command").Select(e => new MamlCommand(e)).ToArray();
    }

    public XDocument Document { get; }
    public MamlCommand[] Commands { get; }

    /// <summary>Loads the file; throws XmlException with line and position when it is not well formed. No DTDs.</summary>
    public static MamlHelp Load(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return new MamlHelp(XDocument.Load(reader, LoadOptions.SetLineInfo));
    }

    internal static string Text(XElement? element) =>
        element == null ? "" : string.Join(" ", element.DescendantsAndSelf().Where(e => e.Name == Maml + "para" || !e.HasElements).Select(e => e.Value.Trim())).Trim();
}
