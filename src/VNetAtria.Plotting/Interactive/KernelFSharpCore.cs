using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace VNetAtria.Plotting.Interactive;

/// <summary>
/// Keeps one FSharp.Core in a process whose host already loaded an older one, so that Plotly.NET draws in the .NET
/// Interactive kernel (the <c>Microsoft.dotnet-interactive</c> tool 1.0.712001, frozen since the project's
/// deprecation, ships FSharp.Core 10.0; Plotly.NET 6 asks for 10.1).
/// <para>
/// Without it, the request for FSharp.Core 10.1 fails in the default load context (which holds the kernel's 10.0),
/// the interactive loader loads a second FSharp.Core 10.1 from the <c>#r</c> folder, Plotly.NET binds to that copy and
/// Giraffe.ViewEngine (which asks for 5.0) to the kernel's, and the first chart fails in Plotly.NET's type
/// initialiser with a MissingMethodException. This class answers the failed request with the copy already loaded,
/// but only within the range that tests/VNetAtria.Tests checks member by member against the assemblies we ship
/// (<see cref="OldestAccepted"/> to <see cref="NewestRequested"/>); anything else takes the runtime's usual path.
/// </para>
/// <para>
/// In a process whose FSharp.Core is 10.1 or newer (an application, the tests) the default context satisfies every
/// request itself, the handler is never asked, and nothing changes.
/// </para>
/// </summary>
public static class KernelFSharpCore
{
    /// <summary>The simple name of the F# core library.</summary>
    public const string AssemblyName = "FSharp.Core";

    /// <summary>The oldest loaded FSharp.Core that may answer a request: every FSharp.Core member Plotly.NET,
    /// Plotly.NET.CSharp, DynamicObj, Giraffe.ViewEngine and VNetAtria.Plotting reference exists in 10.0.</summary>
    public static Version OldestAccepted { get; } = new(10, 0, 0, 0);

    /// <summary>The newest FSharp.Core version a request may ask for and still be answered with an older copy: the
    /// version those assemblies were compiled against. A request for a newer one (a future Plotly.NET) is left alone.</summary>
    public static Version NewestRequested { get; } = new(10, 1, 0, 0);

    private static int installed;

    /// <summary>True once <see cref="Install"/> has run in this process.</summary>
    public static bool IsInstalled => Volatile.Read(ref installed) == 1;

    /// <summary>
    /// Hooks the default load context's <see cref="AssemblyLoadContext.Resolving"/> event (once per process). Runs by
    /// itself when this assembly is first used (<see cref="OnModuleLoad"/>), before any of its code can reach a
    /// Plotly.NET type; calling it again does nothing.
    /// </summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (_, requested) => Resolve(requested, AssemblyLoadContext.Default.Assemblies);
    }

    /// <summary>
    /// The answer to a failed load request: the loaded FSharp.Core among <paramref name="loaded"/> when
    /// <paramref name="requested"/> is FSharp.Core with the same public key, asks for at most
    /// <see cref="NewestRequested"/>, and the loaded copy is at least <see cref="OldestAccepted"/>; otherwise null (the
    /// runtime goes on as usual: other handlers, then the interactive loader or a FileNotFoundException).
    /// </summary>
    /// <param name="requested">The assembly the runtime could not find in the default load context.</param>
    /// <param name="loaded">The assemblies of the default load context.</param>
    public static Assembly? Resolve(AssemblyName requested, IEnumerable<Assembly> loaded)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(loaded);
        if (!string.Equals(requested.Name, AssemblyName, StringComparison.OrdinalIgnoreCase)) return null;
        if (requested.Version is not { } asked || asked > NewestRequested) return null;
        foreach (var assembly in loaded)
        {
            var name = assembly.GetName();
            if (!string.Equals(name.Name, AssemblyName, StringComparison.OrdinalIgnoreCase)) continue;
            if (name.Version is not { } have || have < OldestAccepted) return null;
            return SamePublicKey(requested, name) ? assembly : null;
        }
        return null;
    }

    private static bool SamePublicKey(AssemblyName requested, AssemblyName loaded)
    {
        var asked = requested.GetPublicKeyToken();
        // A request without a token (a partial name) matches any copy; a signed request only the same signer.
        return asked is null || asked.Length == 0 || asked.AsSpan().SequenceEqual(loaded.GetPublicKeyToken());
    }

    /// <summary>
    /// Installs the handler when the runtime first touches this assembly. A module initializer, not a call in
    /// <see cref="VNetAtriaFormatters.Register"/>: a notebook's first use of the library may be any chart builder or
    /// a bare chart value, and the handler must be in place before Plotly.NET's first type initialiser runs.
    /// </summary>
#pragma warning disable CA2255 // Module initializer in a library: intended here, see the summary.
    [ModuleInitializer]
    internal static void OnModuleLoad() => Install();
#pragma warning restore CA2255
}
