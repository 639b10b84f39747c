using TorchSharp.Modules;
using VNetAtria.Optimisation;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Optimisation;

[Collection(TorchGlobalRngCollection.Name)]
public sealed class AdamOptimiserTests
{
    private static readonly AdamOptions HandOptions = new() { LearningRate = 0.01, WeightDecay = 0.1 };

    /// <summary>Loss sum(c * w): its gradient is c whatever w is, so every step's gradient is c + decay * w by hand.</summary>
    private static readonly double[] Slopes = [0.3, 0.1, -0.2];

    private static void Backward(Parameter w, double[] slopes)
    {
        using var scope = NewDisposeScope();
        using var c = tensor(slopes, ScalarType.Float64);
        w.mul(c).sum().backward();
    }

    [Fact]
    public void Two_steps_with_weight_decay_match_the_closed_form_of_Kingma_and_Ba_with_L2_decay()
    {
        using var w = new Parameter(tensor(new[] { 0.5, -2.0, 0.0 }, ScalarType.Float64));
        using var adam = new AdamOptimiser([("w", w)], HandOptions);
        // The textbook form: g = c + decay * w; m, v running averages; w -= lr * m_hat / (sqrt(v_hat) + eps).
        double[] expected = [0.5, -2.0, 0.0], m = new double[3], v = new double[3];
        var (lr, b1, b2, eps, decay) = (0.01, 0.9, 0.999, 1e-8, 0.1);
        for (var t = 1; t <= 2; t++)
        {
            adam.ZeroGrad();
            Backward(w, Slopes);
            adam.Step();
            for (var i = 0; i < 3; i++)
            {
                var g = Slopes[i] + decay * expected[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                expected[i] -= lr * (m[i] / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v[i] / (1 - Math.Pow(b2, t))) + eps);
            }
            var actual = w.data<double>().ToArray();
            for (var i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 1e-15);
            if (t == 1)
            {
                // The first step moves every weight by lr against the sign of its gradient (m_hat = g, v_hat = g^2):
                // g = 0.35, -0.1, -0.2.
                Assert.Equal([0.49, -1.99, 0.01], actual.Select(a => Math.Round(a, 8)));
            }
        }
        Assert.Equal(2, adam.State[0].Step);
        // By hand (Python floats, the same formula): 0.480000756603555, -1.980002747900375, 0.019998661044993475.
        double[] byHand = [0.480000756603555, -1.980002747900375, 0.019998661044993475];
        Assert.All(byHand.Zip(w.data<double>().ToArray()), p => Assert.Equal(p.First, p.Second, 1e-15));
    }

    [Fact]
    public void The_learning_rate_set_between_steps_scales_the_next_step()
    {
        using var a = new Parameter(tensor(new[] { 1.0, 1.0, 1.0 }, ScalarType.Float64));
        using var b = new Parameter(tensor(new[] { 1.0, 1.0, 1.0 }, ScalarType.Float64));
        using var slowed = new AdamOptimiser([("a", a)], new AdamOptions { LearningRate = 0.1 });
        using var kept = new AdamOptimiser([("b", b)], new AdamOptions { LearningRate = 0.1 });
        foreach (var (p, adam) in new[] { (a, slowed), (b, kept) })
        {
            Backward(p, Slopes);
            adam.Step();
        }
        var afterFirst = a.data<double>().ToArray();
        Assert.Equal(afterFirst, b.data<double>().ToArray());

        slowed.LearningRate = 0.025;
        foreach (var (p, adam) in new[] { (a, slowed), (b, kept) })
        {
            adam.ZeroGrad();
            Backward(p, Slopes);
            adam.Step();
        }
        // Same moments, so the second step at a quarter of the learning rate is a quarter as long.
        var slowStep = a.data<double>().ToArray().Zip(afterFirst, (x, x0) => x - x0).ToArray();
        var keptStep = b.data<double>().ToArray().Zip(afterFirst, (x, x0) => x - x0).ToArray();
        for (var i = 0; i < 3; i++) Assert.Equal(keptStep[i] / 4, slowStep[i], 1e-15);
        Assert.All(keptStep, s => Assert.InRange(Math.Abs(s), 0.09, 0.11));
    }

    [Fact]
    public void A_parameter_without_a_gradient_is_left_alone_and_keeps_its_step_count()
    {
        using var used = new Parameter(tensor(new[] { 1.0, 2.0, 3.0 }, ScalarType.Float64));
        using var unused = new Parameter(tensor(new[] { 4.0 }, ScalarType.Float64));
        using var adam = new AdamOptimiser([("used", used), ("unused", unused)], new AdamOptions());
        Backward(used, Slopes);
        adam.Step();
        Assert.Equal((1L, 0L), (adam.State[0].Step, adam.State[1].Step));
        Assert.Equal([4.0], unused.data<double>().ToArray());
        Assert.NotEqual([1.0, 2.0, 3.0], used.data<double>().ToArray());
    }

    public static TheoryData<AdamOptions, string> BadOptions => new()
    {
        { new AdamOptions { LearningRate = -1e-3 }, "LearningRate must be a finite number >= 0, found -0.001" },
        { new AdamOptions { LearningRate = double.NaN }, "LearningRate must be a finite number >= 0, found NaN" },
        { new AdamOptions { LearningRate = double.PositiveInfinity }, "LearningRate" },
        { new AdamOptions { Beta1 = 1.0 }, "Beta1 must be in [0, 1)" },
        { new AdamOptions { Beta1 = -0.1 }, "Beta1 must be in [0, 1)" },
        { new AdamOptions { Beta2 = 1.5 }, "Beta2 must be in [0, 1) (PyTorch's default 0.999), found 1.5" },
        { new AdamOptions { Beta2 = double.NaN }, "Beta2" },
        { new AdamOptions { Eps = -1e-8 }, "Eps must be a finite number >= 0" },
        { new AdamOptions { WeightDecay = -0.1 }, "WeightDecay must be a finite number >= 0" },
        { new AdamOptions { WeightDecay = double.PositiveInfinity }, "WeightDecay" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Invalid_options_are_refused_naming_the_option_the_range_and_the_value(AdamOptions options, string expected)
    {
        using var w = new Parameter(zeros(3));
        var e = Assert.Throws<ArgumentException>(() => new AdamOptimiser([("w", w)], options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_learning_rate_set_later_is_refused_and_the_old_one_kept()
    {
        using var w = new Parameter(zeros(3));
        using var adam = new AdamOptimiser([("w", w)], new AdamOptions { LearningRate = 0.5 });
        var e = Assert.Throws<ArgumentException>(() => adam.LearningRate = -1);
        Assert.Contains("LearningRate must be a finite number >= 0, found -1", e.Message, StringComparison.Ordinal);
        Assert.Equal(0.5, adam.LearningRate);
    }

    [Fact]
    public void An_empty_or_repeated_parameter_list_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AdamOptimiser(Array.Empty<(string, Parameter)>(), new AdamOptions()));
        Assert.Contains("empty parameter list", e.Message, StringComparison.Ordinal);
        using var w = new Parameter(zeros(3));
        var twice = Assert.Throws<ArgumentException>(() => new AdamOptimiser([("w", w), ("again", w)], new AdamOptions()));
        Assert.Contains("parameter 'again' twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saved_state_loaded_into_a_new_optimiser_continues_bit_identically()
    {
        using var a = new Parameter(tensor(new[] { 0.5, -2.0, 0.0 }, ScalarType.Float64));
        using var b = new Parameter(tensor(new[] { 0.5, -2.0, 0.0 }, ScalarType.Float64));
        using var original = new AdamOptimiser([("w", a)], HandOptions);
        byte[] saved = [];
        for (var t = 0; t < 5; t++)
        {
            if (t == 3)
            {
                saved = Save(original);
                using (no_grad()) b.copy_(a);
            }
            original.ZeroGrad();
            Backward(a, Slopes);
            original.Step();
        }
        using var resumed = new AdamOptimiser([("w", b)], HandOptions with { LearningRate = 0.5 });
        Load(resumed, saved);
        Assert.Equal((3L, 0.01), (resumed.State[0].Step, resumed.LearningRate));
        for (var t = 3; t < 5; t++)
        {
            resumed.ZeroGrad();
            Backward(b, Slopes);
            resumed.Step();
        }
        Assert.Equal(a.data<double>().ToArray(), b.data<double>().ToArray());
        Assert.Equal(Save(original), Save(resumed));
    }

    [Fact]
    public void The_state_is_byte_for_byte_TorchSharps_Adam_layout_so_older_checkpoints_resume()
    {
        // TorchSharp's own Adam reads our bytes and writes back exactly the same bytes: the layouts agree both ways.
        using var w = new Parameter(tensor(new[] { 0.5, -2.0, 0.0 }, ScalarType.Float64));
        using var v = new Parameter(tensor(new[] { 1f, 2f, 3f, 4f }).reshape(2, 2));
        using var ours = new AdamOptimiser([("w", w), ("v", v)], HandOptions);
        for (var t = 0; t < 3; t++)
        {
            ours.ZeroGrad();
            Backward(w, Slopes);
            using (var scope = NewDisposeScope()) v.mul(v).sum().backward();
            ours.Step();
        }
        ours.LearningRate = 0.004;
        var bytes = Save(ours);

#pragma warning disable VNA2002 // only its state reader and writer are used; its step (temporary scalars) never runs
        using var torchSharps = new Adam([w, v], lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1);
#pragma warning restore VNA2002
        using (var reader = new BinaryReader(new MemoryStream(bytes))) torchSharps.load_state_dict(reader);
        using var written = new MemoryStream();
        using (var writer = new BinaryWriter(written, System.Text.Encoding.UTF8, leaveOpen: true)) torchSharps.save_state_dict(writer);
        Assert.Equal(bytes, written.ToArray());

        using var fresh = new AdamOptimiser([("w", w), ("v", v)], HandOptions);
        Load(fresh, written.ToArray());
        Assert.Equal(bytes, Save(fresh));
        Assert.Equal((3L, 0.004), (fresh.State[1].Step, fresh.LearningRate));
    }

    public static TheoryData<string, string> CorruptStates => new()
    {
        { "type", "The optimiser state is SGD's, not Adam's." },
        { "count", "The Adam state holds 1 parameters; this model has 2." },
        { "shape", "The Adam exp_avg of parameter 'v' is Float32 (4); the parameter is Float32 (2, 2)." },
        { "beta", "The Adam state was saved with beta2 0.99; this optimiser uses 0.999." },
        { "truncated", "The Adam state ends early: it is truncated." },
    };

    [Theory]
    [MemberData(nameof(CorruptStates))]
    public void A_foreign_or_damaged_state_is_refused_with_the_reason_and_nothing_changes(string damage, string expected)
    {
        using var w = new Parameter(tensor(new[] { 0.5, -2.0, 0.0 }, ScalarType.Float64));
        using var v = new Parameter(ones(2, 2));
        using var donor = new AdamOptimiser([("w", w), ("v", v)], HandOptions);
        Backward(w, Slopes);
        donor.Step();
        var good = Save(donor);
        var bytes = damage switch
        {
            "type" => Replace(good, "Adam"u8.ToArray(), "SGD"u8.ToArray(), lengthPrefix: true),
            "count" => WithCount(good, 1),
            "beta" => Replace(good, BitConverter.GetBytes(0.999), BitConverter.GetBytes(0.99)),
            "shape" => SaveFresh(w, 4),
            "truncated" => good[..^5],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        using var target = new AdamOptimiser([("w", w), ("v", v)], HandOptions with { LearningRate = 0.7 });
        var before = Save(target);
        var e = Assert.Throws<InvalidDataException>(() => Load(target, bytes));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Save(target));
    }

    private static byte[] SaveFresh(Parameter w, long vLength)
    {
        using var v = new Parameter(ones(vLength));
        using var adam = new AdamOptimiser([("w", w), ("v", v)], HandOptions);
        return Save(adam);
    }

    private static byte[] Save(AdamOptimiser adam)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) adam.Save(writer);
        return stream.ToArray();
    }

    private static void Load(AdamOptimiser adam, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        adam.Load(reader);
    }

    private static byte[] Replace(byte[] data, byte[] what, byte[] with, bool lengthPrefix = false)
    {
        var at = data.AsSpan().IndexOf(what);
        Assert.True(at >= 0);
        var start = lengthPrefix ? at - 1 : at;
        var replacement = lengthPrefix ? [(byte)with.Length, .. with] : with;
        return [.. data[..start], .. replacement, .. data[(at + what.Length)..]];
    }

    /// <summary>The state with its parameter count (the byte after "Adam" and the group count) changed.</summary>
    private static byte[] WithCount(byte[] data, byte count)
    {
        var copy = (byte[])data.Clone();
        copy[1 + 4 + 1] = count;
        return copy;
    }
}
