namespace VNetAtria.Imaging.Formats.Hdf5;

/// <summary>One UA-MT case: the z-scored image and its binary left-atrium label, same shape and geometry.</summary>
/// <param name="Image">The `image` dataset, (D, H, W) = (Z, Y, X).</param>
/// <param name="Label">The `label` dataset (0 background, 1 atrium), same shape as <paramref name="Image"/>.</param>
public sealed record UamtCase(Volume<float> Image, Volume<byte> Label);
