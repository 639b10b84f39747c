using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Models.Convolutions;

[Collection(TorchGlobalRngCollection.Name)]
public class ChannelPaddedConvolutionTests : ConvolutionRoutingTest
{
    public static TheoryData<bool, int, int, int, int, int, int> Shapes => new()
    {
        { false, 8, 8, 5, 1, 2, 1 },
        { false, 4, 8, 2, 2, 0, 1 },
        { true, 16, 4, 2, 2, 0, 1 },
        { false, 1, 4, 5, 1, 2, 1 },
        { false, 8, 1, 1, 1, 0, 1 },
        { false, 24, 24, 3, 1, 3, 3 },
        { true, 64, 8, 2, 2, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Channel_padding_gives_the_same_output_and_gradients_as_the_plain_convolution(bool transposed, int cin, int cout, int k, int s, int p, int d)
    {
        var shape = new ConvolutionShape(transposed, cin, cout, k, s, p, d);
        using var scope = NewDisposeScope();
        using var generator = new Generator(7, CPU);
        var size = transposed ? 4L : 8L;
        var x = randn([2, cin, size, size + 2, size + 4], generator: generator);
        var w = randn(shape.WeightShape, generator: generator);
        var b = randn([cout], generator: generator);

        var (y1, gx1, gw1, gb1) = Run(shape, ConvolutionPath.OneDnn, x, w, b);
        var (y2, gx2, gw2, gb2) = Run(shape, ConvolutionPath.ChannelPadded, x, w, b);

        Assert.Equal(y1.shape, y2.shape);
        AssertClose(y1, y2);
        AssertClose(gx1, gx2);
        AssertClose(gw1, gw2);
        AssertClose(gb1, gb2);
    }

    [Fact]
    public void A_VNet_routed_through_channel_padding_matches_the_default_path_output_and_gradients()
    {
        using var model = VNet.Create(new VNetOptions { BaseWidth = 4, Attention = true }, seed: 2);
        model.train();
        using var scope = NewDisposeScope();
        using var generator = new Generator(3, CPU);
        var x = randn([2, 1, 16, 16, 32], generator: generator);

        var (y1, g1) = ForwardBackward(model, x);
        ConvolutionRouting.Policy = ConvolutionPolicy.Default with { ForcedPath = ConvolutionPath.ChannelPadded };
        var (y2, g2) = ForwardBackward(model, x);

        AssertClose(y1, y2, 1e-4);
        foreach (var (name, gradient) in g1)
            AssertClose(gradient, g2[name], 1e-4, name);
    }

    private static (Tensor Y, Dictionary<string, Tensor> Gradients) ForwardBackward(VNet model, Tensor x)
    {
        model.zero_grad();
        var y = model.forward(x);
        y.sum().backward();
        // up_transitionN.relu2 is registered but unused (as in the original), so it has no gradient.
        return (y.detach(), model.named_parameters().Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.clone()));
    }

    private static (Tensor Y, Tensor Gx, Tensor Gw, Tensor Gb) Run(ConvolutionShape shape, ConvolutionPath path, Tensor x, Tensor w, Tensor b)
    {
        var xs = x.clone().requires_grad_(true);
        var ws = w.clone().requires_grad_(true);
        var bs = b.clone().requires_grad_(true);
        var y = ConvolutionKernels.Apply(shape, path, xs, ws, bs);
        y.pow(HeldScalars.Two).sum().backward();
        return (y.detach(), xs.grad!, ws.grad!, bs.grad!);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-5, string what = "")
    {
        var scale = Math.Max(expected.abs().max().item<float>(), 1e-12f);
        var error = (expected.to(ScalarType.Float64) - actual.to(ScalarType.Float64)).abs().max().item<double>() / scale;
        Assert.True(error <= tolerance, $"{what} relative error {error:E2} > {tolerance:E0}");
    }
}
