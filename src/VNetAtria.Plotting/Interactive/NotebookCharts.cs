using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Html;
using Plotly.NET;

namespace VNetAtria.Plotting.Interactive;

/// <summary>
/// Shows charts in notebook cells. In the kernels these notebooks are tested with (the <c>Microsoft.dotnet-interactive</c>
/// tool 1.0.712001, the last release, with FSharp.Core 10.0) every chart draws, thanks to <see cref="KernelFSharpCore"/>.
/// In a kernel whose FSharp.Core is older than 10.0, or when Plotly.NET was used before anything of this assembly
/// (so a second FSharp.Core got loaded), Plotly.NET cannot start; then <see cref="Show"/> and the formatters put a
/// short, true explanation in place of the chart instead of a stack trace, and any other error propagates.
/// </summary>
public static class NotebookCharts
{
    /// <summary>The CSS class and leading words of every explanation shown in place of a chart (tests look for them).</summary>
    public const string UnavailableMarker = "Chart unavailable";

    /// <summary>
    /// Why charts cannot be drawn in this process and what to do, naming the FSharp.Core copies actually loaded (the
    /// same advice as notebooks/README.md).
    /// </summary>
    public static string UnavailableAdvice()
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName()).Where(n => n.Name == KernelFSharpCore.AssemblyName)
            .Select(n => n.Version?.ToString() ?? "?").Order(StringComparer.Ordinal).ToList();
        var found = loaded.Count switch
        {
            0 => "no FSharp.Core is loaded",
            1 => $"this kernel has FSharp.Core {loaded[0]}",
            _ => $"this kernel has loaded {loaded.Count} FSharp.Core copies ({string.Join(", ", loaded)}), which happens when Plotly.NET is used before the notebook's first cell (VNetAtriaFormatters.Register()) has run",
        };
        return $"Plotly.NET needs one FSharp.Core of version {KernelFSharpCore.OldestAccepted.ToString(2)} or newer in the kernel; {found}. " +
            "The notebooks are tested with the dotnet-interactive 1.0.712001 kernel (the Polyglot Notebooks extension's, or `dotnet tool restore` " +
            "in the repository for the pinned tool and its Jupyter kernelspec). Restart the kernel and run the cells from the top; " +
            "tables and files are unaffected. notebooks/README.md explains the routes.";
    }

    /// <summary>
    /// Draws the chart <paramref name="draw"/> makes as notebook HTML (<see cref="ChartExport.ToNotebookHtml"/>). If the
    /// kernel cannot run Plotly.NET (<see cref="IsFSharpCoreSkew"/>), returns <see cref="UnavailableHtml"/> instead; any
    /// other error propagates. The chart is made inside the call (a lambda), so that failure is caught wherever it surfaces.
    /// </summary>
    /// <param name="draw">Makes the chart, e.g. <c>() =&gt; SliceViewer.Orthogonal(image, label)</c>.</param>
    /// <returns>An <see cref="HtmlString"/>, which notebooks show as HTML. Typed <see cref="object"/> so that a cell calling
    /// this compiles without naming Microsoft.AspNetCore.Html: the kernel has ASP.NET Core 10's copy, this assembly was
    /// built against the 2.3 package, and naming the type makes the kernel warn (CS1701) under every chart.</returns>
    public static object Show(Func<object> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        try
        {
            return new HtmlString(Render(draw()));
        }
        catch (Exception ex) when (IsFSharpCoreSkew(ex))
        {
            return new HtmlString(UnavailableHtml(ex));
        }
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or an inner one) is the FSharp.Core version skew: a type initialiser of
    /// Plotly.NET failed, or FSharp.Core could not be loaded or lacks a member.
    /// </summary>
    public static bool IsFSharpCoreSkew(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TypeInitializationException t && (t.TypeName?.Contains("Plotly", StringComparison.Ordinal) ?? false)) return true;
            if (e is FileNotFoundException or FileLoadException or MissingMethodException or TypeLoadException
                && e.Message.Contains("FSharp.Core", StringComparison.Ordinal)) return true;
            if (e is FileNotFoundException f && (f.FileName?.Contains("FSharp.Core", StringComparison.Ordinal) ?? false)) return true;
        }
        return false;
    }

    /// <summary>
    /// The HTML shown instead of a chart (<paramref name="what"/>, e.g. "Training curves") when the kernel cannot draw:
    /// <see cref="UnavailableMarker"/>, <see cref="UnavailableAdvice"/> and the error's innermost message.
    /// </summary>
    public static string UnavailableHtml(Exception exception, string what = "Chart")
    {
        ArgumentNullException.ThrowIfNull(exception);
        var root = exception;
        while (root.InnerException is not null) root = root.InnerException;
        string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        return $"<div class=\"vnetatria-chart-unavailable\"><p><strong>{E(UnavailableMarker)}: {E(what)}.</strong> {E(UnavailableAdvice())}</p>" +
            $"<p><em>{E($"{root.GetType().Name}: {root.Message}")}</em></p></div>";
    }

    /// <summary>Registers the text/html formatter for Plotly.NET charts (a cell whose value is a chart shows it).</summary>
    /// <returns>False when the kernel cannot run Plotly.NET (<see cref="IsFSharpCoreSkew"/>): charts then need <see cref="Show"/>.</returns>
    internal static bool TryRegisterChartFormatter()
    {
        try
        {
            RegisterChartFormatter();
            return true;
        }
        catch (Exception ex) when (IsFSharpCoreSkew(ex))
        {
            return false;
        }
    }

    // Separate and not inlined: the JIT loads Plotly.NET's types when it compiles these methods, which is what can fail.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterChartFormatter() =>
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<GenericChart>(
            (chart, writer) => writer.Write(ChartExport.ToNotebookHtml(chart)), VNetAtriaFormatters.HtmlMimeType);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Render(object chart) => chart switch
    {
        GenericChart c => ChartExport.ToNotebookHtml(c),
        _ => throw new ArgumentException($"Show expects a Plotly.NET GenericChart from the lambda, got {chart?.GetType().FullName ?? "null"}.", nameof(chart)),
    };
}
