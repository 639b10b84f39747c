using VNetAtria.Synthetic;

namespace VNetAtria.Tests.Synthetic;

public class DeterministicMathTests
{
    [Fact]
    public void Sin_and_cos_agree_with_the_runtime_to_1e_14_over_two_turns()
    {
        for (var i = -400; i <= 400; i++)
        {
            var x = i * Math.PI / 100;
            Assert.True(Math.Abs(DeterministicMath.Sin(x) - Math.Sin(x)) < 1e-14, $"sin({x})");
            Assert.True(Math.Abs(DeterministicMath.Cos(x) - Math.Cos(x)) < 1e-14, $"cos({x})");
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(90.0, 1.0)]
    [InlineData(-90.0, -1.0)]
    [InlineData(30.0, 0.5)]
    public void Sin_of_exact_angles(double degrees, double expected) =>
        Assert.Equal(expected, DeterministicMath.Sin(DeterministicMath.Radians(degrees)), 15);

    [Fact]
    public void Smooth_step_is_0_below_1_above_and_half_in_the_middle()
    {
        Assert.Equal(0, DeterministicMath.SmoothStep(1, 3, 0.5));
        Assert.Equal(1, DeterministicMath.SmoothStep(1, 3, 4));
        Assert.Equal(0.5, DeterministicMath.SmoothStep(1, 3, 2), 15);
    }
}
