using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace MySmpp.ModuleBuilder;

/// <summary>
/// Usage:
///   MySmpp.ModuleBuilder stamp-manifest --source MySmpp.psd1 --destination out/.../MySmpp.psd1 --version 1.2.0
///   MySmpp.ModuleBuilder help --module out/.../MySmpp.dll --reference System.Management.Automation.dll
///                             --docs docs/help --destination out/.../en-US
/// Exit code 0 on success; 1 with the problems on stderr otherwise (the build fails).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            if (args.Length == 0) throw new ArgumentException("Expected a command: stamp-manifest or help.");
            Dictionary<string, List<string>> options = ParseOptions(args.Skip(1));
            switch (args[0])
            {
                case "stamp-manifest":
                    ManifestStamper.Stamp(One(options, "source"), One(options, "destination"), One(options, "version"));
                    Console.WriteLine("MySmpp.ModuleBuilder: stamped " + One(options, "destination") + " with version " + One(options, "version") + ".");
                    return 0;
                case "help":
                    return Help(options);
                default:
                    throw new ArgumentException("Unknown command '" + args[0] + "'.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException || ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
        {
            Console.Error.WriteLine("MySmpp.ModuleBuilder: error: " + ex.Message);
            return 1;
        }
    }

    private static int Help(Dictionary<string, List<string>> options)
    {
        string module = One(options, "module");
        string docs = One(options, "docs");
        string destination = One(options, "destination");
        options.TryGetValue("reference", out List<string>? references);

        using MetadataLoadContext context = CmdletReader.OpenContext(module, references ?? new List<string>());
        Assembly assembly = context.LoadFromAssemblyPath(Path.GetFullPath(module));
        IReadOnlyList<CmdletInfo> cmdlets = CmdletReader.Read(assembly);
        if (cmdlets.Count == 0) throw new InvalidDataException(module + " defines no cmdlets.");

        Dictionary<string, CommandHelp> help = MamlWriter.ReadAll(docs);
        List<string> problems = MamlWriter.Check(cmdlets, help);
        if (problems.Count > 0)
        {
            foreach (string problem in problems) Console.Error.WriteLine("MySmpp.ModuleBuilder: error: docs/help: " + problem);
            return 1;
        }

        Directory.CreateDirectory(destination);
        string maml = Path.Combine(destination, Path.GetFileName(module) + "-Help.xml");
        MamlWriter.Write(maml, cmdlets, help);
        int abouts = 0;
        foreach (string about in Directory.GetFiles(docs, "about_*.md"))
        {
            AboutWriter.Write(about, Path.Combine(destination, Path.GetFileNameWithoutExtension(about) + ".help.txt"));
            abouts++;
        }

        Console.WriteLine("MySmpp.ModuleBuilder: wrote help for " + cmdlets.Count + " cmdlets and " + abouts + " about topic(s) to " + destination + ".");
        return 0;
    }

    private static Dictionary<string, List<string>> ParseOptions(IEnumerable<string> args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                if (!options.ContainsKey(name)) options[name] = new List<string>();
            }
            else if (name != null)
            {
                options[name].Add(arg);
            }
            else
            {
                throw new ArgumentException("Unexpected argument '" + arg + "'.");
            }
        }

        return options;
    }

    private static string One(Dictionary<string, List<string>> options, string name)
    {
        if (!options.TryGetValue(name, out List<string>? values) || values.Count != 1) throw new ArgumentException("Expected exactly one --" + name + " value.");
        return values[0];
    }
}
