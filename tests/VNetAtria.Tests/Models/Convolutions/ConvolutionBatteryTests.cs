using TorchSharp.Modules;
using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Models.Convolutions;

[Collection(TorchGlobalRngCollection.Name)]
public class ConvolutionBatteryTests : ConvolutionRoutingTest
{
    private static readonly ConvolutionShape EightToEight = new(false, 8, 8, 5, 1, 2, 1);

    public static IEnumerable<ConvolutionShape> ShapesOfOurModels()
    {
        var shapes = new HashSet<ConvolutionShape>();
        foreach (var w in new[] { 2, 4, 8 })
        {
            foreach (var options in new[] { new VNetOptions { BaseWidth = w }, new VNetOptions { BaseWidth = w, Attention = w >= 4, AttentionDilation = 3 } })
            {
                using var model = new VNet(options);
                foreach (var conv in model.modules().OfType<Convolution>())
                    shapes.Add(ConvolutionShape.Of(conv) ?? throw new InvalidOperationException($"Our model has a convolution the routing cannot describe: {conv.GetName()}."));
            }
        }
        return shapes;
    }

    [Fact]
    public void Every_convolution_of_our_models_has_a_correct_path_on_this_machine()
    {
        var (verdicts, _, fromCache) = ConvolutionRouting.Check(ShapesOfOurModels(), recheck: true);

        Assert.False(fromCache);
        var output = TestContext.Current.TestOutputHelper;
        foreach (var (shape, verdict) in verdicts)
            output?.WriteLine($"{shape.Key}: {string.Join("; ", verdict.Errors.Select(e => $"{e.Key} {e.Value}"))}");
        var missing = verdicts.Where(v => v.Verdict.PathFor(ConvolutionUse.Training) is null).Select(v => v.Shape.Key).ToList();
        Assert.True(missing.Count == 0, $"No correct path on this machine for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void A_wrong_input_gradient_is_measured_as_a_30_percent_error_and_the_shape_is_routed_to_channel_padding()
    {
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn);

        var (verdicts, _, _) = ConvolutionRouting.Check([EightToEight], recheck: true);

        var oneDnn = verdicts[0].Verdict.Errors[ConvolutionPath.OneDnn];
        // The injected gradient is 0.7 of the true one everywhere, so its error relative to the largest value is 0.3.
        Assert.InRange(oneDnn.InputGradient, 0.29, 0.31);
        Assert.InRange(oneDnn.Forward, 0, 1e-5);
        Assert.InRange(oneDnn.WeightGradient, 0, 1e-5);
        Assert.Equal(ConvolutionPath.ChannelPadded, verdicts[0].Verdict.PathFor(ConvolutionUse.Training));
        Assert.Equal(ConvolutionPath.ChannelPadded, ConvolutionRouting.PathFor(EightToEight, ConvolutionUse.Training));
    }

    [Fact]
    public void Prediction_needs_only_the_output_so_a_wrong_input_gradient_keeps_oneDNN_there()
    {
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn);

        Assert.Equal(ConvolutionPath.OneDnn, ConvolutionRouting.PathFor(EightToEight, ConvolutionUse.Forward));
        Assert.Equal(ConvolutionPath.OneDnn, ConvolutionRouting.PathFor(EightToEight, ConvolutionUse.Forward | ConvolutionUse.WeightGradient));
        Assert.Equal(ConvolutionPath.ChannelPadded, ConvolutionRouting.PathFor(EightToEight, ConvolutionUse.Training));
    }

    [Fact]
    public void When_channel_padding_is_wrong_too_oneDNN_is_switched_off_for_the_process_and_that_is_noted()
    {
        Assert.SkipUnless(OneDnnSwitch.IsAvailable, "libtorch's oneDNN switch is not reachable on this platform.");
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn, ConvolutionPath.ChannelPadded);
        using var model = VNet.Create(new VNetOptions { BaseWidth = 2 }, seed: 1);

        var notes = ConvolutionRouting.Prepare(model);

        Assert.True(ConvolutionRouting.OneDnnSwitchedOff);
        Assert.False(OneDnnSwitch.Enabled);
        Assert.Contains(notes, n => n.Contains("switched off", StringComparison.Ordinal));
        Assert.Equal(ConvolutionPath.WithoutOneDnn, ConvolutionRouting.PathFor(new ConvolutionShape(false, 16, 16, 5, 1, 2, 1), ConvolutionUse.Training));
    }

    [Fact]
    public void No_correct_path_stops_with_a_message_naming_the_shape_the_errors_and_the_doctor()
    {
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn, ConvolutionPath.ChannelPadded, ConvolutionPath.WithoutOneDnn);

        var e = Assert.Throws<ConvolutionCheckException>(() => ConvolutionRouting.PathFor(EightToEight, ConvolutionUse.Training));

        Assert.Contains("conv 8->8 k5 s1 p2 d1", e.Message);
        Assert.Contains("WRONG", e.Message);
        Assert.Contains("vnet-atria doctor", e.Message);
    }

    [Fact]
    public void Prepare_reports_each_rerouted_shape_once_per_process()
    {
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn);
        using var model = VNet.Create(new VNetOptions { BaseWidth = 4 }, seed: 1);

        var first = ConvolutionRouting.Prepare(model);
        var second = ConvolutionRouting.Prepare(model);

        Assert.Contains(first, n => n.Contains("conv 8->8 k5 s1 p2 d1", StringComparison.Ordinal) && n.Contains("zero-padded", StringComparison.Ordinal));
        Assert.Empty(second);
        Assert.Empty(Reported);
    }

    [Fact]
    public void Verdicts_are_cached_per_machine_and_read_back_in_a_new_process_state_without_measuring()
    {
        var shapes = new[] { EightToEight, new ConvolutionShape(true, 16, 4, 2, 2, 0, 1) };
        var (measured, _, fromCache) = ConvolutionRouting.Check(shapes, recheck: false);
        Assert.False(fromCache);
        var file = Assert.Single(Directory.GetFiles(CacheFolder, "convolution-check-*.json"));

        ConvolutionRouting.ResetForTests();
        ConvolutionRouting.Cache = new ConvolutionCheckCache(CacheFolder);
        var (cached, seconds, fromCacheAgain) = ConvolutionRouting.Check(shapes, recheck: false);

        Assert.True(fromCacheAgain);
        Assert.Equal(0, seconds);
        Assert.Equal(measured.Select(m => m.Verdict.Errors[ConvolutionPath.OneDnn]), cached.Select(c => c.Verdict.Errors[ConvolutionPath.OneDnn]));
        Assert.Contains(MachineFingerprint.Current().Hash, Path.GetFileName(file));
    }

    [Fact]
    public void A_corrupt_cache_file_is_measured_again_and_rewritten()
    {
        var cache = new ConvolutionCheckCache(CacheFolder);
        var path = cache.PathOf(MachineFingerprint.Current());
        File.WriteAllText(path, "{ not json");

        var (_, _, fromCache) = ConvolutionRouting.Check([EightToEight], recheck: false);

        Assert.False(fromCache);
        Assert.Single(cache.Load(MachineFingerprint.Current()));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_is_a_note_not_an_error()
    {
        var blocked = Path.Combine(CacheFolder, "a-file");
        File.WriteAllText(blocked, "");
        ConvolutionRouting.Cache = new ConvolutionCheckCache(Path.Combine(blocked, "cache"));
        using var model = VNet.Create(new VNetOptions { BaseWidth = 2 }, seed: 1);

        var notes = ConvolutionRouting.Prepare(model);

        Assert.Contains(notes, n => n.Contains("could not write the convolution check cache", StringComparison.Ordinal));
    }

    [Fact]
    public void The_representative_of_a_wide_shape_keeps_its_channel_blocking()
    {
        Assert.Equal(new ConvolutionShape(false, 32, 32, 5, 1, 2, 1), ConvolutionBattery.Representative(new ConvolutionShape(false, 128, 128, 5, 1, 2, 1)));
        Assert.Equal(new ConvolutionShape(true, 40, 8, 2, 2, 0, 1), ConvolutionBattery.Representative(new ConvolutionShape(true, 24 + 16 * 5, 8, 2, 2, 0, 1)));
        Assert.Equal(EightToEight, ConvolutionBattery.Representative(EightToEight));
    }
}
