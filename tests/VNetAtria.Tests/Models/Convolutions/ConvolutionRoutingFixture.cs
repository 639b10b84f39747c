using VNetAtria.Models.Convolutions;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Models.Convolutions;

/// <summary>
/// Gives a test of the process-wide convolution routing a clean slate: no verdicts, a private cache folder, the
/// default policy, no injected fault; and restores it afterwards (oneDNN switched back on).
/// </summary>
public abstract class ConvolutionRoutingTest : IDisposable
{
    private readonly ConvolutionCheckCache _previousCache = ConvolutionRouting.Cache;
    private readonly Action<string> _previousReport = ConvolutionRouting.Report;

    protected ConvolutionRoutingTest()
    {
        CacheFolder = TestPaths.NewTempDir("vnetatria-convcache");
        ConvolutionRouting.ResetForTests();
        ConvolutionRouting.Cache = new ConvolutionCheckCache(CacheFolder);
        ConvolutionRouting.Policy = ConvolutionPolicy.Default;
        ConvolutionRouting.Report = Reported.Add;
    }

    /// <summary>This test's cache folder.</summary>
    protected string CacheFolder { get; }

    /// <summary>Notes the routing reported outside Prepare.</summary>
    protected List<string> Reported { get; } = [];

    public void Dispose()
    {
        ConvolutionProbe.KernelForTests = null;
        ConvolutionRouting.ResetForTests();
        ConvolutionRouting.Cache = _previousCache;
        ConvolutionRouting.Report = _previousReport;
        try { Directory.Delete(CacheFolder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
