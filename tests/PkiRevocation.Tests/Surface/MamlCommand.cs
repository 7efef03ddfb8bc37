using System.Xml.Linq;

namespace PkiRevocation.Tests.Surface;

/// <summary>One command:command entry of a MAML help file, as the fields Get-Help shows.</summary>
public sealed class MamlCommand
{
    private static readonly XNamespace Maml = MamlHelp.Maml;
    private static readonly XNamespace Command = MamlHelp.Command;
    private static readonly XNamespace Dev = MamlHelp.Dev;

    public MamlCommand(XElement element)
    {
        Element = element;
        var details = element.Element(Command + "details");
        Name = details?.Element(Command + "name")?.Value.Trim() ?? "";
        Verb = details?.Element(Command + "verb")?.Value.Trim() ?? "";
        Noun = details?.Element(Command + "noun")?.Value.Trim() ?? "";
        Synopsis = MamlHelp.Text(details?.Element(Maml + "description"));
        Description = MamlHelp.Text(element.Element(Maml + "description"));
        Parameters = element.Element(Command + "parameters")?.Elements(Command + "parameter")
            .Select(p => (Name: p.Element(Maml + "name")?.Value.Trim() ?? "", Description: MamlHelp.Text(p.Element(Maml + "description")), Type: p.Element(Dev + "type")?.Element(Maml + "name")?.Value.Trim() ?? ""))
            .ToArray() ?? Array.Empty<(string, string, string)>();
        SyntaxItems = element.Element(Command + "syntax")?.Elements(Command + "syntaxItem")
            .Select(s => (Name: s.Element(Maml + "name")?.Value.Trim() ?? "", Parameters: s.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")?.Value.Trim() ?? "").ToArray()))
            .ToArray() ?? Array.Empty<(string, string[])>();
        InputTypes = element.Element(Command + "inputTypes")?.Elements(Command + "inputType")
            .Select(i => (Type: i.Element(Dev + "type")?.Element(Maml + "name")?.Value.Trim() ?? "", Description: MamlHelp.Text(i.Element(Maml + "description"))))
            .ToArray() ?? Array.Empty<(string, string)>();
        ReturnValues = element.Element(Command + "returnValues")?.Elements(Command + "returnValue")
            .Select(i => (Type: i.Element(Dev + "type")?.Element(Maml + "name")?.Value.Trim() ?? "", Description: MamlHelp.Text(i.Element(Maml + "description"))))
            .ToArray() ?? Array.Empty<(string, string)>();
        Examples = element.Element(Command + "examples")?.Elements(Command + "example")
            .Select(x => (Title: x.Element(Maml + "title")?.Value.Trim() ?? "", Code: x.Element(Dev + "code")?.Value.Trim() ?? "", Remarks: MamlHelp.Text(x.Element(Dev + "remarks"))))
            .ToArray() ?? Array.Empty<(string, string, string)>();
    }

    public XElement Element { get; }
    public string Name { get; }
    public string Verb { get; }
    public string Noun { get; }
    public string Synopsis { get; }
    public string Description { get; }
    public (string Name, string Description, string Type)[] Parameters { get; }
    public (string Name, string[] Parameters)[] SyntaxItems { get; }
    public (string Type, string Description)[] InputTypes { get; }
    public (string Type, string Description)[] ReturnValues { get; }
    public (string Title, string Code, string Remarks)[] Examples { get; }

    public override string ToString() => Name;
}
