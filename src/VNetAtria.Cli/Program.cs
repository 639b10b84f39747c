// Placeholder entry point: the CLI work replaces this with the full verb set.
return VNetAtria.Cli.CliApp.Run(args);
