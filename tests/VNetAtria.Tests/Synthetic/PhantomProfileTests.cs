using VNetAtria.Imaging;
using VNetAtria.Synthetic;

namespace VNetAtria.Tests.Synthetic;

public class PhantomProfileTests
{
    [Theory]
    [InlineData("small")]
    [InlineData("SMALL")]
    [InlineData(" lasc ")]
    public void Profiles_are_found_by_name_ignoring_case_and_spaces(string name) =>
        Assert.Equal(name.Trim().ToLowerInvariant(), PhantomProfile.FromName(name).Name);

    [Fact]
    public void An_unknown_profile_name_is_rejected_with_the_known_names()
    {
        var e = Assert.Throws<ArgumentException>(() => PhantomProfile.FromName("huge"));
        Assert.Contains("'huge'", e.Message);
        Assert.Contains("'small'", e.Message);
        Assert.Contains("'lasc'", e.Message);
    }

    [Fact]
    public void The_lasc_profile_has_the_challenge_sizes_and_spacing()
    {
        var p = PhantomProfile.Lasc;
        Assert.Equal([new Shape3(88, 576, 576), new Shape3(88, 640, 640)], p.Shapes);
        Assert.Equal(Spacing3.Lasc, p.Spacing);
        Assert.Equal(1.0, p.AnatomyScale);
    }

    [Fact]
    public void The_small_profile_pads_to_multiples_of_16_with_little_waste_and_a_new_profile_starts_from_it()
    {
        foreach (var s in PhantomProfile.Small.Shapes)
        {
            Assert.InRange(s.Depth, 32, 48);
            Assert.InRange(s.Height, 96, 128);
            Assert.Equal(0, s.Height % 16);
            Assert.Equal(0, s.Width % 16);
        }
        var custom = new PhantomProfile("mine");
        Assert.Equal(PhantomProfile.Small with { Name = "mine" }, custom);
    }

    public static TheoryData<string, string> InvalidProfiles => new()
    {
        { "Shapes", "no shapes" },
        { "Shapes", "tiny shape" },
        { "Spacing", "negative spacing" },
        { "AnatomyScale", "zero anatomy" },
        { "AtriumScale", "inverted atrium range" },
        { "MaxTiltDegrees", "tilt 90" },
        { "NoiseLevel", "negative noise" },
        { "BiasStrength", "bias 1" },
        { "EnhancedWallFraction", "fraction above 1" },
        { "TextureStrength", "NaN texture" },
        { "Name", "empty name" },
    };

    private static PhantomProfile Broken(string what) => what switch
    {
        "no shapes" => PhantomProfile.Small with { Shapes = [] },
        "tiny shape" => PhantomProfile.Small with { Shapes = [new Shape3(4, 16, 16)] },
        "negative spacing" => PhantomProfile.Small with { Spacing = new Spacing3(1, -1, 1) },
        "zero anatomy" => PhantomProfile.Small with { AnatomyScale = 0 },
        "inverted atrium range" => PhantomProfile.Small with { AtriumScale = new ValueRange(1.2, 0.8) },
        "tilt 90" => PhantomProfile.Small with { MaxTiltDegrees = 90 },
        "negative noise" => PhantomProfile.Small with { NoiseLevel = new ValueRange(-0.1, 0.1) },
        "bias 1" => PhantomProfile.Small with { BiasStrength = ValueRange.Exactly(1) },
        "fraction above 1" => PhantomProfile.Small with { EnhancedWallFraction = new ValueRange(0.5, 1.5) },
        "NaN texture" => PhantomProfile.Small with { TextureStrength = double.NaN },
        _ => PhantomProfile.Small with { Name = " " },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public void Invalid_parameters_are_rejected_naming_the_property_and_what_was_found(string property, string what)
    {
        var profile = Broken(what);
        var e = Assert.Throws<ArgumentException>(() => profile.Validate());
        Assert.Equal(property, e.ParamName);
        Assert.Contains(property, e.Message);
        Assert.Contains("found", e.Message);
        // The generator validates too, before allocating anything.
        Assert.Throws<ArgumentException>(() => SyntheticCohort.Generate(profile, 1, 0));
    }

    [Fact]
    public void The_built_in_profiles_are_valid()
    {
        PhantomProfile.Small.Validate();
        PhantomProfile.Lasc.Validate();
    }
}
