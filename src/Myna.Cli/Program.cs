using Myna.Cli;

return await MynaCommandLine.RunAsync(args, CliContext.FromEnvironment());
