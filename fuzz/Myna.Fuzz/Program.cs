using Myna.Fuzz;
using SharpFuzz;

// myna-fuzz TARGET                 under afl-fuzz (scripts/fuzz.sh): persistent mode, one input per iteration
// myna-fuzz TARGET --replay PATH   every file under PATH once, in process: the corpus check, or a crash reproduced
// myna-fuzz list                   the targets
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Myna.Fuzz list | TARGET [--replay FILE-OR-DIRECTORY]   (docs/fuzzing.md)");
    return 2;
}
if (args[0] == "list")
{
    foreach (var name in FuzzTargets.Names)
        Console.WriteLine(name);
    return 0;
}
if (!FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"unknown target '{args[0]}': {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}
if (args is [_, "--replay", var path])
{
    using var targets = new FuzzTargets();
    var target = targets.All[args[0]];
    var files = Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray() : [path];
    foreach (var file in files)
        target(File.ReadAllBytes(file));
    Console.WriteLine($"{args[0]}: {files.Length} inputs replayed, no finding");
    return 0;
}
// Under afl-fuzz the instrumented assemblies may run only once SharpFuzz has attached AFL's coverage map, inside
// Fuzzer.Run: the targets (authorities, a personalised card) are made in the first iteration.
FuzzTargets? fuzzing = null;
Fuzzer.Run(stream =>
{
    fuzzing ??= new FuzzTargets();
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    fuzzing.All[args[0]](memory.ToArray());
});
fuzzing?.Dispose();
return 0;
