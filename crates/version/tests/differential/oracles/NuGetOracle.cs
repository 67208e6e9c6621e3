// NuGet version oracle for the differential tests: NuGet.Versioning as it
// ships inside NuGet.exe, reached by reflection (NuGet.exe merges it in),
// run under mono. One question a line on stdin:
//   cmp <TAB> A <TAB> B  ->  -1 / 0 / 1 (VersionComparer.Default), E if
//                            either side does not parse (NuGetVersion.TryParse)
//   valid <TAB> A        ->  1 / 0
using System;
using System.IO;
using System.Reflection;
using System.Text;

class NuGetOracle
{
    static int Main(string[] args)
    {
        var asm = Assembly.LoadFrom(args[0]);
        var vt = asm.GetType("NuGet.Versioning.NuGetVersion", true);
        var ct = asm.GetType("NuGet.Versioning.VersionComparer", true);
        var sv = asm.GetType("NuGet.Versioning.SemanticVersion", true);
        var tryParse = vt.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, null,
            new[] { typeof(string), vt.MakeByRefType() }, null);
        var comparer = Activator.CreateInstance(ct); // VersionComparison.Default
        var compare = ct.GetMethod("Compare", new[] { sv, sv });
        Func<string, object> parse = s =>
        {
            var a = new object[] { s, null };
            return (bool)tryParse.Invoke(null, a) ? a[1] : null;
        };
        var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        stdout.NewLine = "\n";
        string line;
        while ((line = stdin.ReadLine()) != null)
        {
            var f = line.Split('\t');
            if (f[0] == "valid")
            {
                stdout.WriteLine(parse(f[1]) != null ? "1" : "0");
                continue;
            }
            var a = parse(f[1]);
            var b = parse(f[2]);
            if (a == null || b == null)
            {
                stdout.WriteLine("E");
                continue;
            }
            var c = (int)compare.Invoke(comparer, new[] { a, b });
            stdout.WriteLine(c < 0 ? "-1" : c > 0 ? "1" : "0");
        }
        stdout.Flush();
        return 0;
    }
}
