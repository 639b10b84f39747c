using System.Reflection;
using System.Runtime.Loader;
using Plotly.NET;
using VNetAtria.Plotting;
using VNetAtria.Plotting.Interactive;

namespace VNetAtria.Tests.Plotting;

/// <summary>
/// The FSharp.Core answer for kernels with an older FSharp.Core answers exactly the checked range and nothing else,
/// and changes nothing in a normal process (this one has FSharp.Core 10.1). Its effect in the real kernel is tested by
/// tests/VNetAtria.Notebooks.Tests (KernelChartTests).
/// </summary>
public sealed class KernelFSharpCoreTests
{
    private const string Token = "b03f5f7f11d50a3a";

    [Fact]
    public void It_is_installed_as_soon_as_the_plotting_assembly_is_used()
    {
        _ = typeof(ChartExport).Assembly; // loading alone runs nothing; any use runs the module initializer
        _ = ChartExport.ToJson(GenericChart.ofTraceObject(true, new Trace2D("scatter")));
        Assert.True(KernelFSharpCore.IsInstalled);
        KernelFSharpCore.Install(); // again: nothing happens
    }

    [Fact]
    public void In_a_process_with_fsharp_core_10_1_there_is_one_fsharp_core_and_it_is_10_1()
    {
        _ = ChartExport.ToJson(GenericChart.ofTraceObject(true, new Trace2D("scatter")));
        var copies = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "FSharp.Core").ToList();
        var only = Assert.Single(copies);
        Assert.Equal(new Version(10, 1, 0, 0), only.GetName().Version);
    }

    [Theory]
    [InlineData("10.1.0.0", "10.0.0.0", true)]   // the kernel's case: Plotly.NET 6 asks for 10.1, the kernel has 10.0
    [InlineData("10.0.0.0", "10.0.0.0", true)]
    [InlineData("10.1.0.0", "10.1.0.0", true)]
    [InlineData("10.1.0.0", "11.0.0.0", true)]   // a newer loaded copy answers too
    [InlineData("10.1.0.0", "9.0.0.0", false)]   // older than 10.0: not checked, left to fail as before
    [InlineData("10.2.0.0", "10.0.0.0", false)]  // a newer need than the checked one: not answered
    [InlineData("11.0.0.0", "11.0.0.0", false)]
    public void It_answers_fsharp_core_requests_only_in_the_checked_range(string requested, string loaded, bool answered)
    {
        var copy = new FakeAssembly("FSharp.Core", Version.Parse(loaded), Token);
        var answer = KernelFSharpCore.Resolve(Name("FSharp.Core", requested, Token), [new FakeAssembly("Other", new Version(1, 0), null), copy]);
        Assert.Equal(answered ? copy : null, answer);
    }

    [Fact]
    public void It_never_answers_for_another_assembly_another_signer_or_when_none_is_loaded()
    {
        var copy = new FakeAssembly("FSharp.Core", new Version(10, 0, 0, 0), Token);
        Assert.Null(KernelFSharpCore.Resolve(Name("Plotly.NET", "6.0.0.0", null), [copy]));
        Assert.Null(KernelFSharpCore.Resolve(Name("FSharp.Core", "10.1.0.0", "0123456789abcdef"), [copy]));
        Assert.Null(KernelFSharpCore.Resolve(Name("FSharp.Core", "10.1.0.0", Token), []));
        Assert.Null(KernelFSharpCore.Resolve(new AssemblyName("FSharp.Core"), [copy])); // no version asked: not ours to answer
    }

    private static AssemblyName Name(string name, string version, string? token)
    {
        var result = new AssemblyName(name) { Version = Version.Parse(version) };
        if (token is not null) result.SetPublicKeyToken(Convert.FromHexString(token));
        return result;
    }

    /// <summary>An assembly that only has a name: enough for the resolver, which reads nothing else.</summary>
    private sealed class FakeAssembly(string name, Version version, string? token) : Assembly
    {
        public override AssemblyName GetName()
        {
            var result = new AssemblyName(name) { Version = version };
            if (token is not null) result.SetPublicKeyToken(Convert.FromHexString(token));
            return result;
        }

        public override string FullName => GetName().FullName;
    }
}
