using System.CommandLine;
using VNetAtria.Models;

namespace VNetAtria.Cli.Commands;

/// <summary>The architecture options shared by `model summary` and `bench model`.</summary>
internal sealed class ModelOptions
{
    public Option<int> Layers { get; } = new Option<int>("--layers") { Description = "ConvLayers per transition (num_layers): 1 as the original, 2 for the 16.2 M-parameter row.", DefaultValueFactory = _ => 1, HelpName = "N" }.AtLeast(1);
    public Option<bool> Attention { get; } = new("--attention") { Description = "Add the BAM-like attention modules after the input and down transitions." };
    public Option<int> AttentionDilation { get; } = new Option<int>("--attention-dilation") { Description = "Dilation of the spatial gate's 3x3x3 convolutions (the original's code: 4; its table: 3 or " +
        "4).", DefaultValueFactory = _ => 4, HelpName = "D" }.AtLeast(1);
    public Option<int> AttentionReduction { get; } = new Option<int>("--attention-reduction") { Description = "Channel reduction ratio of the attention gates.", DefaultValueFactory = _ => 4, HelpName = "R" }.AtLeast(1);
    public Option<int> Dilation { get; } = new Option<int>("--dilation") { Description = "Dilation of the input and down transitions' 5x5x5 convolutions.", DefaultValueFactory = _ => 1, HelpName = "D" }.AtLeast(1);
    public Option<int> Width { get; } = new Option<int>("--width") { Description = "Base width: channels after the input transition (8 in the original; later stages double it).", DefaultValueFactory = _ => 8, HelpName = "W" }.AtLeast(1);
    public Option<bool> Elu { get; } = new("--elu") { Description = "ELU instead of PReLU." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Layers, Attention, AttentionDilation, AttentionReduction, Dilation, Width, Elu })
            command.Options.Add(option);
    }

    public VNetOptions Read(ParseResult parse) => new VNetOptions
    {
        NumLayers = parse.GetValue(Layers),
        Attention = parse.GetValue(Attention),
        AttentionDilation = parse.GetValue(AttentionDilation),
        AttentionReduction = parse.GetValue(AttentionReduction),
        Dilation = parse.GetValue(Dilation),
        BaseWidth = parse.GetValue(Width),
        Activation = parse.GetValue(Elu) ? VNetActivation.ELU : VNetActivation.PReLU,
    }.Validated();
}
