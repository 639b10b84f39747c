using System.Text.RegularExpressions;
using Plotly.NET;

namespace VNetAtria.Plotting.Reports;

/// <summary>
/// The plotly.js bundle Plotly.NET carries as an embedded resource (the script its self-contained documents inline,
/// <see cref="ChartExport.ToSelfContainedHtmlDocument"/>), so a report draws its charts without a network connection.
/// </summary>
public static partial class PlotlyJs
{
    private static readonly Lazy<(string Version, string Script)> Bundle = new(Load);

    /// <summary>The minified plotly.js source (about 3.6 MB).</summary>
    public static string Script => Bundle.Value.Script;

    /// <summary>The bundle's plotly.js version, e.g. "2.28.0".</summary>
    public static string Version => Bundle.Value.Version;

    private static (string, string) Load()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => ResourceName().IsMatch(n))
            ?? throw new InvalidOperationException(
                $"{assembly.GetName().Name} {assembly.GetName().Version} carries no plotly-<version>.min.js resource; the report cannot inline plotly.js. " +
                "Use the Plotly.NET version this library was built with.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return (ResourceName().Match(name).Groups["version"].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"plotly-(?<version>[0-9.]+)\.min\.js$")]
    private static partial Regex ResourceName();
}
