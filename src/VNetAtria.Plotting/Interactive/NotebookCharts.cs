using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Html;
using Plotly.NET;

namespace VNetAtria.Plotting.Interactive;

/// <summary>
/// Shows charts in notebook cells, turning the one known kernel incompatibility into advice instead of a stack trace:
/// Plotly.NET 6 needs FSharp.Core 10.1, and a kernel that ships an older FSharp.Core (dotnet-interactive 1.0.712001
/// ships 10.0) fails on the first chart with a TypeInitializationException in Plotly.NET.Defaults or a
/// FileNotFoundException for FSharp.Core 10.1.0.0.
/// </summary>
public static class NotebookCharts
{
    /// <summary>What the user can do about the FSharp.Core skew (the same advice as notebooks/README.md).</summary>
    public const string SkewAdvice =
        "This notebook kernel loads an FSharp.Core older than 10.1, which Plotly.NET 6 needs, so charts cannot be drawn. " +
        "Update the Polyglot Notebooks extension (and its .NET Interactive kernel) to a release that ships FSharp.Core 10.1 or later, " +
        "then restart the kernel. Tables and files are unaffected; notebooks/README.md explains the symptom.";

    /// <summary>
    /// Draws the chart <paramref name="draw"/> makes as notebook HTML (<see cref="ChartExport.ToNotebookHtml"/>). If the
    /// kernel's FSharp.Core is too old for Plotly.NET, returns a short explanation with the fix instead; any other error
    /// propagates. The chart is made inside the call (a lambda), so that failure is caught wherever it surfaces.
    /// </summary>
    /// <param name="draw">Makes the chart, e.g. <c>() =&gt; SliceViewer.Orthogonal(image, label)</c>.</param>
    public static IHtmlContent Show(Func<object> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        try
        {
            return new HtmlString(Render(draw()));
        }
        catch (Exception ex) when (IsFSharpCoreSkew(ex))
        {
            return new HtmlString(SkewHtml(ex));
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
            if (e is TypeInitializationException t && (t.TypeName?.StartsWith("Plotly.NET", StringComparison.Ordinal) ?? false)) return true;
            if (e is FileNotFoundException or FileLoadException or MissingMethodException or TypeLoadException
                && e.Message.Contains("FSharp.Core", StringComparison.Ordinal)) return true;
            if (e is FileNotFoundException f && (f.FileName?.Contains("FSharp.Core", StringComparison.Ordinal) ?? false)) return true;
        }
        return false;
    }

    /// <summary>The HTML shown instead of a chart when the kernel cannot draw: the advice and the error's first line.</summary>
    public static string SkewHtml(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var root = exception;
        while (root.InnerException is not null) root = root.InnerException;
        var reason = System.Net.WebUtility.HtmlEncode($"{root.GetType().Name}: {root.Message}");
        return $"<div class=\"vnetatria-chart-unavailable\"><p><strong>Chart unavailable.</strong> {System.Net.WebUtility.HtmlEncode(SkewAdvice)}</p><p><em>{reason}</em></p></div>";
    }

    /// <summary>Registers the text/html formatter for Plotly.NET charts (a cell whose value is a chart shows it).</summary>
    /// <returns>False when the kernel cannot load Plotly.NET (FSharp.Core skew): charts then need <see cref="Show"/>.</returns>
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
