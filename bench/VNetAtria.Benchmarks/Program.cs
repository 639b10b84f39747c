using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
