using System.Text.Json.Nodes;
using VNetAtria.Experiments;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Experiments;

public sealed class ExperimentConfigSchemaTests
{
    [Fact]
    public void The_shipped_schema_is_the_one_the_config_types_generate()
    {
        var path = Path.Combine(TestPaths.RepoRoot, ExperimentConfigSchema.RelativePath);
        var generated = ExperimentConfigSchema.Generate();
        if (Environment.GetEnvironmentVariable("VNETATRIA_UPDATE_SCHEMA") == "1") File.WriteAllText(path, generated);
        Assert.True(File.Exists(path), $"{path} is missing; run this test with VNETATRIA_UPDATE_SCHEMA=1 to write it.");
        Assert.True(File.ReadAllText(path) == generated,
            $"{path} is out of date with the config types; run this test with VNETATRIA_UPDATE_SCHEMA=1 to regenerate it.");
    }

    [Fact]
    public void The_schema_lists_enum_names_and_rejects_unknown_fields()
    {
        var schema = JsonNode.Parse(ExperimentConfigSchema.Generate())!;
        var kind = schema["properties"]!["locator"]!["properties"]!["loss"]!["properties"]!["alpha"]!["properties"]!["kind"]!;
        Assert.Equal(["constant", "original", "rebalance"], kind["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.NotNull(schema["properties"]!["extends"]);
    }
}
