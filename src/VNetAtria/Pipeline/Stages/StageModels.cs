using TorchSharp;
using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Training.Checkpoints;

namespace VNetAtria.Pipeline.Stages;

/// <summary>Trained models from checkpoints.</summary>
public static class StageModels
{
    /// <summary>Builds a VNet with <paramref name="options"/>, loads the weights of <paramref name="checkpoint"/>, moves it to the device, evaluation mode.</summary>
    public static VNet Load(VNetOptions options, string checkpoint, torch.Device device)
    {
        var model = VNet.Create(options, 0);
        ModelWeights.Load(model, CheckpointFile.Read(checkpoint));
        model.to(device);
        model.eval();
        foreach (var note in ConvolutionRouting.Prepare(model, ConvolutionUse.Forward)) ConvolutionRouting.Report(note);
        return model;
    }
}
