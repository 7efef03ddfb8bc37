using PkiRevocation;
using PkiRevocation.Configuration;
using PkiRevocation.Revocation;

// Usage:
//   PkiRevocation.PolicyWriter add <home> <prefix> <count>   adds policies <prefix>-0 .. <prefix>-<count-1>, one Set each
//   PkiRevocation.PolicyWriter churn <home>                   rewrites one large policy forever (to be killed mid-write)
if (args.Length < 2) return 2;
var engine = new PkiEngine(new EngineEnvironment(paths: new PkiRevocationPaths(args[1])));
Console.WriteLine("ready");
Console.Out.Flush();
switch (args[0])
{
    case "add":
        for (var i = 0; i < int.Parse(args[3]); i++)
        {
            var outcome = engine.Policies.Set(new RevocationPolicy { Name = $"{args[2]}-{i}", AppliesTo = new[] { $"subject:CN={args[2]}-{i}" } });
            if (outcome.IsFailure) { Console.Error.WriteLine(outcome.Failure); return 1; }
        }

        return 0;
    case "churn":
        var patterns = Enumerable.Range(0, 20_000).Select(i => $"subject:CN=host{i}.example.com").ToArray();
        for (var round = 0; ; round++)
        {
            engine.Policies.Set(new RevocationPolicy { Name = "Churn", AppliesTo = patterns, CheckInterval = TimeSpan.FromMinutes(1 + round % 1000) });
        }
    default:
        return 2;
}
