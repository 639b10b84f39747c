// The vnet-atria command: everything happens in CliApp so that tests can run it in-process.
return VNetAtria.Cli.CliApp.Run(args);
