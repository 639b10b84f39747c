namespace VNetAtria.Analyzers.Tests;

/// <summary>VNA2001: a number converted implicitly to a Scalar that nothing holds.</summary>
public sealed class ImplicitConversionTests
{
    [Theory]
    [InlineData("var c = a.mul(2.0);", "2.0")]
    [InlineData("var c = a > 0.5;", "0.5")]
    [InlineData("var c = a.ne(0);", "0")]
    [InlineData("var c = a.clamp_min(1e-6);", "1e-6")]
    [InlineData("var c = a.clamp(min: 0.0f);", "0.0f")]
    [InlineData("var c = a.add(b, alpha: 0.3);", "0.3")]
    [InlineData("var c = a.add_(b, 2L);", "2L")]
    [InlineData("var c = a.fill_(true);", "true")]
    [InlineData("var c = a.pow(3);", "3")]
    [InlineData("var c = full(new long[] { 2 }, -1.0);", "-1.0")]
    [InlineData("Scalar s = 2.0; var c = a.mul(s);", "2.0")] // a plain local: the JIT may end its life at its last use
    public void An_unheld_implicit_conversion_is_reported_at_the_converted_value(string body, string converted) =>
        Assert.Equal([("VNA2001", converted)], AnalyzerHarness.Diagnose(body));

    [Theory]
    [InlineData("using Scalar s = 2.0; var c = a.mul(s);", "")]
    [InlineData("var c = a.mul(Two);", "static readonly Scalar Two = 2.0;")]
    [InlineData("var c = a.mul(Holder.Two);", "sealed class Holder { public static Scalar Two { get; } = 2.0; }")]
    public void A_conversion_into_a_using_variable_field_or_property_is_held(string body, string members) =>
        Assert.Empty(AnalyzerHarness.Diagnose(body, members));

    [Fact]
    public void Conversions_to_tensor_and_other_types_are_not_reported() =>
        Assert.Empty(AnalyzerHarness.Diagnose("double d = 2; Tensor t = a; object o = a; var c = a.mul(b);"));
}
