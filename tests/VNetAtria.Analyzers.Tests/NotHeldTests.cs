namespace VNetAtria.Analyzers.Tests;

/// <summary>VNA2003: a Scalar made explicitly (ToScalar, a cast, a Scalar-returning call) that nothing holds.</summary>
public sealed class NotHeldTests
{
    private const string Make = "static Scalar Make() => 2.0.ToScalar();";

    [Theory]
    [InlineData("var c = a.mul(2.0.ToScalar());", "", "2.0.ToScalar()")]
    [InlineData("var c = a.mul((Scalar)2.0);", "", "(Scalar)2.0")]
    [InlineData("var s = 2.0.ToScalar(); var c = a.mul(s);", "", "2.0.ToScalar()")]
    [InlineData("var d = a.ToScalar().ToDouble();", "", "a.ToScalar()")]
    [InlineData("var c = a.mul(Make());", Make, "Make()")]
    [InlineData("var c = a.mul(Two);", "static Scalar Two => 2.0.ToScalar();", "2.0.ToScalar()")] // a new one on every read
    public void An_unheld_scalar_is_reported(string body, string members, string flagged) =>
        Assert.Equal([("VNA2003", flagged)], AnalyzerHarness.Diagnose(body, members));

    [Theory]
    [InlineData("using var s = 2.0.ToScalar(); var c = a.mul(s);", "")]
    [InlineData("using (var s = 2.0.ToScalar()) { var c = a.mul(s); }", "")]
    [InlineData("using var s = (Scalar)2.0; var c = a.mul(s);", "")]
    [InlineData("using var s = a.ToScalar(); var d = s.ToDouble();", "")]
    [InlineData("var c = a.mul(Two);", "static readonly Scalar Two = 2.0.ToScalar();")]
    [InlineData("var c = a.mul(Scales[0]);", "static readonly Scalar[] Scales = [2.0.ToScalar(), 3.ToScalar()];")]
    [InlineData("var c = a.mul(Scales[0]);", "static readonly Scalar[] Scales = new[] { 2.0.ToScalar(), 3.ToScalar() };")]
    [InlineData("using var s = Make(); var c = a.mul(s);", Make)]
    [InlineData("var h = new Holder(); var c = a.mul(h.Value);", "sealed class Holder { public Scalar Value; public Holder() { Value = 2.0.ToScalar(); } }")]
    public void A_scalar_in_a_using_variable_a_field_or_a_return_value_is_held(string body, string members) =>
        Assert.Empty(AnalyzerHarness.Diagnose(body, members));
}
