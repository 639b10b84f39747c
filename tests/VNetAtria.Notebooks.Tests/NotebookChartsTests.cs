using Microsoft.AspNetCore.Html;
using Plotly.NET;
using VNetAtria.Plotting;
using VNetAtria.Plotting.Interactive;

namespace VNetAtria.Notebooks.Tests;

/// <summary>
/// Show() draws charts, and turns a kernel that cannot run Plotly.NET (an FSharp.Core older than 10.0, or two copies:
/// the exceptions measured with dotnet-interactive 1.0.712001 before KernelFSharpCore) into a true explanation;
/// every other error still surfaces.
/// </summary>
public sealed class NotebookChartsTests
{
    [Fact]
    public void A_chart_is_shown_as_notebook_html()
    {
        var html = Html(NotebookCharts.Show(() => GenericChart.ofTraceObject(true, new Trace2D("scatter"))));
        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"scatter\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plotly_type_initialiser_failure_shows_the_fix_instead_of_throwing()
    {
        var skew = new TypeInitializationException("Plotly.NET.Defaults",
            new FileNotFoundException("Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'.", "FSharp.Core, Version=10.1.0.0"));
        _ = ChartExport.ToJson(GenericChart.ofTraceObject(true, new Trace2D("scatter"))); // FSharp.Core is loaded, as in a kernel
        var html = Html(NotebookCharts.Show(() => throw skew));
        Assert.Contains(NotebookCharts.UnavailableMarker, html, StringComparison.Ordinal);
        Assert.Contains("FSharp.Core of version 10.0 or newer", html, StringComparison.Ordinal);
        // It names the copy this process has loaded (the tests' FSharp.Core 10.1) and the kernel that is tested.
        Assert.Contains("this kernel has FSharp.Core 10.1.0.0", html, StringComparison.Ordinal);
        Assert.Contains("dotnet-interactive 1.0.712001", html, StringComparison.Ordinal);
        Assert.Contains("FileNotFoundException: Could not load file or assembly", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_fsharp_core_is_recognised_on_its_own()
    {
        Assert.True(NotebookCharts.IsFSharpCoreSkew(new FileNotFoundException("Could not load file or assembly 'FSharp.Core, Version=10.1.0.0, Culture=neutral'.")));
        // What the dotnet-interactive 1.0.712001 kernel (FSharp.Core 10.0) throws for the first chart.
        Assert.True(NotebookCharts.IsFSharpCoreSkew(new TypeInitializationException("<StartupCode$Plotly-NET>.$Plotly.NET.Defaults",
            new MissingMethodException("Method not found: 'Microsoft.FSharp.Core.FSharpFunc`2<System.String,XmlAttribute> Giraffe.ViewEngine.Attributes.get__id()'."))));
        Assert.True(NotebookCharts.IsFSharpCoreSkew(new MissingMethodException("Method not found: 'Microsoft.FSharp.Core.FSharpFunc`2<System.String,XmlAttribute> Giraffe.ViewEngine.Attributes.get__id()'.")));
    }

    [Fact]
    public void Other_errors_are_not_hidden()
    {
        Assert.False(NotebookCharts.IsFSharpCoreSkew(new FileNotFoundException("lgemri.nrrd: no such file.")));
        Assert.False(NotebookCharts.IsFSharpCoreSkew(new TypeInitializationException("VNetAtria.Something", null)));
        Assert.Throws<ArgumentException>(() => NotebookCharts.Show(() => throw new ArgumentException("bad slice index")));
    }

    private static string Html(object shown)
    {
        using var writer = new StringWriter();
        Assert.IsType<HtmlString>(shown).WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
