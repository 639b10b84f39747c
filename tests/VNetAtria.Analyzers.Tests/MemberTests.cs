using Microsoft.CodeAnalysis.Diagnostics;

namespace VNetAtria.Analyzers.Tests;

/// <summary>VNA2002: TorchSharp members that make a Scalar inside themselves, and their safe neighbours.</summary>
public sealed class MemberTests
{
    private const string HeldS = "using var s = 2.0.ToScalar(); ";
    private const string HeldOne = "using var one = 1.ToScalar(); ";

    [Theory]
    // Operators with a number operand convert it inside TorchSharp.
    [InlineData("var c = a * 2.0;", "a * 2.0")]
    [InlineData("var c = 2 * a;", "2 * a")]
    [InlineData("var c = a / 3;", "a / 3")]
    [InlineData("var c = 2.0f / a;", "2.0f / a")]
    [InlineData("var c = a - 1L;", "a - 1L")]
    [InlineData("var c = 1 - a;", "1 - a")]
    [InlineData("var c = a + 0.5;", "a + 0.5")]
    [InlineData("var c = a % 2;", "a % 2")]
    [InlineData("a *= 2.0;", "a *= 2.0")]
    // A hidden alpha = 1.
    [InlineData("var c = a + b;", "a + b")]
    [InlineData("var c = a.add(b);", "a.add(b)")]
    [InlineData("var c = a.add_(b);", "a.add_(b)")]
    [InlineData("var c = torch.add(a, b);", "torch.add(a, b)")]
    [InlineData(HeldS + "var c = a.add(s);", "a.add(s)")]
    [InlineData(HeldS + "var c = a + s;", "a + s")]
    [InlineData(HeldS + "var c = s + a;", "s + a")]
    [InlineData(HeldS + "var c = s - a;", "s - a")]
    // A hidden value = 1, exponent 2, start 0 and step 1.
    [InlineData("var c = a.addcdiv(a, b);", "a.addcdiv(a, b)")]
    [InlineData("var c = a.addcdiv_(a, b);", "a.addcdiv_(a, b)")]
    [InlineData("var c = a.square();", "a.square()")]
    [InlineData("var c = torch.square(a);", "torch.square(a)")]
    [InlineData(HeldS + "var c = arange(s);", "arange(s)")]
    // Numbers converted inside.
    [InlineData("var c = a.elu();", "a.elu()")]
    [InlineData("var c = a.softplus();", "a.softplus()")]
    [InlineData("var c = nn.functional.leaky_relu(a, 0.1);", "nn.functional.leaky_relu(a, 0.1)")]
    [InlineData("var c = nn.functional.elu(a, 1.0);", "nn.functional.elu(a, 1.0)")]
    [InlineData("var c = linalg.vector_norm(a);", "linalg.vector_norm(a)")]
    // Values read through a temporary Scalar.
    [InlineData("var d = a.ToDouble();", "a.ToDouble()")]
    [InlineData("var d = a.ToSingle();", "a.ToSingle()")]
    [InlineData("var d = (double)a;", "(double)a")]
    [InlineData("var d = a.tolist();", "a.tolist()")]
    // A method group handed on is as good as a call.
    [InlineData("Func<Tensor, Tensor> f = torch.square;", "torch.square")]
    public void A_member_that_makes_a_temporary_scalar_is_reported(string body, string flagged) =>
        Assert.Equal([("VNA2002", flagged)], AnalyzerHarness.Diagnose(body));

    [Theory]
    [InlineData("var c = a * b; var d = a - b; var e = a / b; var f = a % b;")]
    [InlineData("var c = a.mul(b); var d = a.sub(b); var e = a.sub_(b); var f = a.div(b);")]
    [InlineData("var c = -a; var d = a.neg(); var e = a.negative(); var f = a.reciprocal();")]
    [InlineData(HeldS + "var c = a * s; var d = a - s; var e = a / s; var f = s * a; var g = s / a; var h = a % s;")]
    [InlineData(HeldS + "var c = a > s; var d = a <= s; var e = s < a; var f = a == s; var g = a != s;")]
    [InlineData(HeldS + "var c = a.mul(s); var d = a.sub_(s); var e = a.div_(s); var f = a.pow(s); var g = a.clamp_min(s);")]
    [InlineData(HeldOne + "var c = a.add(b, one); var d = a.add_(b, one); var e = a.add(one, one); var f = torch.add(a, b, one);")]
    [InlineData(HeldOne + "var c = a.addcdiv(a, b, one); var d = a.addcmul(a, b, one); var e = a.addcmul_(a, b, one);")]
    [InlineData(HeldOne + "var c = arange(one, one, one); var d = a.elu(one, one, one);")]
    [InlineData("var d = a.item<float>(); var e = a.data<float>(); var f = a.sigmoid().sum().mean();")]
    [InlineData("var c = nn.functional.relu(a); var d = nn.functional.prelu(a, b); var e = nn.functional.batch_norm(a, b, b);")]
    public void Safe_overloads_are_not_reported(string body) =>
        Assert.Empty(AnalyzerHarness.Diagnose(body));

    [Theory]
    [InlineData("var m = nn.BatchNorm3d(4);", "nn.BatchNorm3d(4)")]
    [InlineData("var m = nn.BatchNorm1d(4);", "nn.BatchNorm1d(4)")]
    [InlineData("var m = nn.ELU();", "nn.ELU()")]
    [InlineData("var m = nn.LeakyReLU(0.1);", "nn.LeakyReLU(0.1)")]
    [InlineData("var m = nn.PReLU(4);", "nn.PReLU(4)")]
    [InlineData("var o = optim.Adam(new Parameter[0], 0.1);", "optim.Adam(new Parameter[0], 0.1)")]
    [InlineData("var o = optim.SGD(new Parameter[0], 0.1);", "optim.SGD(new Parameter[0], 0.1)")]
    [InlineData("var o = new Adam(new Parameter[0], 0.1);", "new Adam(new Parameter[0], 0.1)")]
    public void Making_a_module_or_optimiser_whose_forward_or_step_makes_temporaries_is_reported(string body, string flagged) =>
        Assert.Equal([("VNA2002", flagged)], AnalyzerHarness.Diagnose(body));

    [Fact]
    public void Calling_such_a_module_or_optimiser_is_reported_too() =>
        Assert.Equal(
            [("VNA2002", "Norm().call(a)"), ("VNA2002", "Norm().forward(a)"), ("VNA2002", "Optimiser().step()")],
            AnalyzerHarness.Diagnose(
                "var c = Norm().call(a); var d = Norm().forward(a); Optimiser().step();",
                "static BatchNorm3d Norm() => throw new NotSupportedException(); static Adam Optimiser() => throw new NotSupportedException();"));

    [Fact]
    public void Modules_without_temporaries_and_overriding_subclasses_are_not_reported() =>
        Assert.Empty(AnalyzerHarness.Diagnose(
            "var r = nn.ReLU(); var c = r.call(a); var l = nn.Linear(2, 2); var d = l.call(a); using var n = new HeldNorm(); var e = n.call(a); var f = n.forward(a);",
            """
            sealed class HeldNorm : BatchNorm
            {
                public HeldNorm() : base(4, 1e-5, 0.1, true, true, null, null, "BatchNorm3d") { }
                public override Tensor forward(Tensor x) => x;
                protected override void ValidateInputDimensions(Tensor x) { }
            }
            """));

    [Fact]
    public async Task The_message_names_the_member_and_the_fix()
    {
        var compilation = AnalyzerHarness.Compile("using TorchSharp; using static TorchSharp.torch; static class S { static Tensor F(Tensor a, Tensor b) => a + b; }");
        var diagnostic = Assert.Single(await compilation.WithAnalyzers([new TemporaryScalarAnalyzer()])
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("operator +(torch.Tensor, torch.Tensor)", message, StringComparison.Ordinal);
        Assert.Contains("hidden alpha = 1", message, StringComparison.Ordinal);
        Assert.Contains("a.add(b, one)", message, StringComparison.Ordinal);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
    }
}
