using System.CommandLine;
var root = new RootCommand("Myna");
var name = new Option<string>("--name") { Description = "x", DefaultValueFactory = _ => "a" };
var file = new Argument<FileInfo>("file") { Description = "f" };
var c = new Command("create", "make") { file, name };
c.SetAction((ParseResult pr, CancellationToken ct) => { Console.WriteLine(pr.GetValue(name)); return Task.FromResult(0); });
root.Subcommands.Add(c);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = Console.Out });
