using VNetAtria.Imaging;
using VNetAtria.Synthetic.Shapes;
using static VNetAtria.Synthetic.DeterministicMath;

namespace VNetAtria.Synthetic;

/// <summary>
/// Draws every random choice of one phantom from the case's seeded streams (<see cref="PhantomRandom"/>), in a fixed
/// order, before anything is rendered. Anatomy positions (mm, anatomy frame: x left, y posterior, z superior, origin
/// at the atrium centre) are those of an adult chest as it appears in LASC's 0.625 mm voxels, multiplied by the
/// profile's <see cref="PhantomProfile.AnatomyScale"/>; each is jittered by a few percent per case.
/// </summary>
internal static class PhantomSampler
{
    /// <summary>Largest in-plane roll of the chest, degrees: patients lie nearly straight on the table.</summary>
    private const double BodyRollDegrees = 3;

    /// <summary>
    /// Largest magnitude of each bump coefficient of the atrial body (see <see cref="Ellipsoid"/> for the terms).
    /// Terms that stretch the body along z (3z^2 - 1, z(5z^2 - 3), z) are kept small: LASC atria span at most about
    /// 44 mm of the 55 mm slab.
    /// </summary>
    private static readonly double[] BumpAmplitude = [0.06, 0.06, 0.03, 0.06, 0.06, 0.06, 0.06, 0.025, 0.045, 0.045, 0.045, 0.045, 0.045, 0.045, 0.02];

    /// <summary>Draws case <paramref name="index"/> of the cohort <paramref name="seed"/> for a validated <paramref name="profile"/>.</summary>
    public static PhantomParameters Sample(PhantomProfile profile, int seed, int index)
    {
        var shapeRng = PhantomRandom.ForCase(seed, index, PhantomRandom.Stream.Shape);
        var shape = profile.Shapes[shapeRng.NextInt(profile.Shapes.Count)];
        var spacing = profile.Spacing;
        // Centre the volume on the world origin: voxel (n - 1) / 2 of every axis sits at 0.
        var origin = new Vector3d(-(shape.Width - 1) * 0.5 * spacing.W, -(shape.Height - 1) * 0.5 * spacing.H, -(shape.Depth - 1) * 0.5 * spacing.D);
        var geometry = new VolumeGeometry { Spacing = spacing, Origin = origin };

        var rng = PhantomRandom.ForCase(seed, index, PhantomRandom.Stream.Anatomy);
        var centre = new Vector3d(rng.Symmetric(profile.MaxShiftMm), rng.Symmetric(profile.MaxShiftMm), rng.Symmetric(profile.MaxDepthShiftMm));
        var angles = (InPlane: rng.Symmetric(profile.MaxInPlaneRotationDegrees), TiltX: rng.Symmetric(profile.MaxTiltDegrees), TiltY: rng.Symmetric(profile.MaxTiltDegrees),
            BodyRoll: rng.Symmetric(Math.Min(BodyRollDegrees, profile.MaxInPlaneRotationDegrees)));
        var heart = new AnatomyFrame(centre, Rotation(angles.InPlane, angles.TiltX, angles.TiltY));
        var body = new AnatomyFrame(centre, Rotation(angles.BodyRoll, 0, 0));

        var s = profile.AnatomyScale;
        var atriumScale = rng.Uniform(profile.AtriumScale);
        var atrium = SampleAtrium(rng, s * atriumScale, s * Math.Sqrt(atriumScale), s, profile);

        var app = PhantomRandom.ForCase(seed, index, PhantomRandom.Stream.Appearance);
        var edge = Math.Min(spacing.H, spacing.W);
        var wallVoxels = app.Uniform(profile.WallThicknessVoxels);
        var layers = SampleTissues(rng, app, s, edge);

        var fields = PhantomRandom.ForCase(seed, index, PhantomRandom.Stream.Fields);
        var texture = new CoarseField(shape, spacing, 5 * Math.Max(s, 0.5), fields);
        var enhancement = new CoarseField(shape, spacing, 6 * Math.Max(s, 0.5), fields);
        var fraction = app.Uniform(profile.EnhancedWallFraction);

        return new PhantomParameters
        {
            ProfileName = profile.Name,
            Seed = seed,
            Index = index,
            Geometry = geometry,
            Shape = shape,
            Heart = heart,
            Body = body,
            Angles = angles,
            Atrium = atrium,
            Wall = 1.3 * app.Jitter(0.05),
            EnhancedWall = 1.85 * app.Jitter(0.05),
            WallThickness = wallVoxels * edge,
            // Smooth-stepped interpolated uniforms concentrate near 0.5 (spread about 0.18): map the wanted
            // fraction to a threshold on that spread; the fraction is approximate, as the docs say.
            EnhancementThreshold = 0.5 + (0.5 - fraction) * 0.45,
            EnhancementField = enhancement,
            Layers = layers,
            Texture = texture,
            TextureStrength = profile.TextureStrength,
            Bias = SampleBias(app, app.Uniform(profile.BiasStrength)),
            NoiseSigma = app.Uniform(profile.NoiseLevel),
            NoiseKey = PhantomRandom.ForCase(seed, index, PhantomRandom.Stream.Noise).NextUInt64(),
            Gain = app.Uniform(135, 160),
            EdgeWidth = edge,
        };
    }

    /// <summary>R = Rz(in-plane) * Rx(tilt x) * Ry(tilt y), row major; angles in degrees.</summary>
    internal static double[] Rotation(double inPlaneDeg, double tiltXDeg, double tiltYDeg)
    {
        double cz = Cos(Radians(inPlaneDeg)), sz = Sin(Radians(inPlaneDeg));
        double cx = Cos(Radians(tiltXDeg)), sx = Sin(Radians(tiltXDeg));
        double cy = Cos(Radians(tiltYDeg)), sy = Sin(Radians(tiltYDeg));
        double[] rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
        double[] rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
        double[] ry = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
        return Multiply(Multiply(rz, rx), ry);
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var c = new double[9];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        return c;
    }

    private static Vector3d Direction(PhantomRandom rng, double x, double y, double z, double jitter, double zJitter) =>
        new Vector3d(x + rng.Symmetric(jitter), y + rng.Symmetric(jitter), z + rng.Symmetric(zJitter)).Normalised();

    /// <param name="rng">The anatomy stream.</param>
    /// <param name="a">Size of the atrium (anatomy scale times atrium scale).</param>
    /// <param name="az">Size along z: grows only with the square root of the atrium scale, because the LASC slab is
    /// thin (55 mm) and large atria in its labels grow mostly in plane.</param>
    /// <param name="s">Anatomy scale.</param>
    /// <param name="profile">The profile.</param>
    private static AtriumShape SampleAtrium(PhantomRandom rng, double a, double az, double s, PhantomProfile profile)
    {
        // Body semi-axes (LR, AP, SI). LASC labels (in their 0.625 mm voxels) span 29-44 mm in D, 44-81 mm front to
        // back and 87-128 mm left to right, the veins included; 32-126 ml.
        var semi = new Vector3d(30 * a * rng.Jitter(0.1), 21 * a * rng.Jitter(0.1), 14.5 * az * rng.Jitter(0.06));
        var bumps = new double[Ellipsoid.BumpCount];
        for (var k = 0; k < bumps.Length; k++) bumps[k] = rng.Symmetric(BumpAmplitude[k]);
        var body = new Ellipsoid(default, semi, bumps);

        // Four veins: left/right superior/inferior, leaving laterally and a little posteriorly.
        (double X, double Y, double Z)[] veinDirections = [(0.85, 0.30, 0.22), (0.88, 0.35, -0.18), (-0.85, 0.25, 0.22), (-0.88, 0.35, -0.18)];
        var imageVeins = new List<TaperedSegment>();
        var labelVeins = new List<TaperedSegment>();
        foreach (var (x, y, z) in veinDirections)
        {
            var dir = Direction(rng, x, y, z, 0.12, 0.06);
            var surface = body.SurfaceDistanceAlong(dir);
            var r0 = rng.Uniform(6.5, 9) * a;
            var labelled = rng.Uniform(12, 22) * a;
            var beyond = rng.Uniform(15, 30) * s;
            var start = dir * (0.5 * surface);
            var bend = (dir + new Vector3d(Math.Sign(dir.X) * 0.1, 0.35 + rng.Symmetric(0.15), rng.Symmetric(0.2))).Normalised();
            // Segment A runs from inside the body to a little past the label's cut; B continues into the lung.
            var end1 = dir * (surface + labelled + 4 * a);
            var lengthA = (end1 - start).Length;
            var cut = (0.5 * surface + labelled) / lengthA;
            labelVeins.Add(new TaperedSegment(start, end1, 1.1 * r0, 0.75 * r0, cut));
            if (profile.VeinsContinueBeyondLabel)
            {
                imageVeins.Add(new TaperedSegment(start, end1, 1.1 * r0, 0.75 * r0));
                imageVeins.Add(new TaperedSegment(end1, end1 + bend * beyond, 0.75 * r0, 0.5 * r0));
            }
            else
            {
                imageVeins.Add(new TaperedSegment(start, end1, 1.1 * r0, 0.75 * r0, cut));
            }
        }

        // The appendage: a finger leaving antero-left-superiorly, hooking down and forward.
        var appendage = new List<TaperedSegment>();
        var dirA = Direction(rng, 0.55, -0.7, 0.32, 0.12, 0.06);
        var surfaceA = body.SurfaceDistanceAlong(dirA);
        var p0 = dirA * (0.5 * surfaceA);
        var p1 = dirA * (surfaceA + rng.Uniform(4, 8) * a);
        var d1 = (dirA + new Vector3d(0.25 + rng.Symmetric(0.15), -0.2 + rng.Symmetric(0.15), -0.55 + rng.Symmetric(0.2))).Normalised();
        var p2 = p1 + d1 * (rng.Uniform(8, 13) * a);
        var d2 = (d1 + new Vector3d(rng.Symmetric(0.2), -0.3 + rng.Symmetric(0.2), -0.6 + rng.Symmetric(0.2))).Normalised();
        var p3 = p2 + d2 * (rng.Uniform(6, 10) * a);
        var rA = rng.Uniform(8, 10) * a;
        if (profile.IncludeAppendage)
        {
            appendage.Add(new TaperedSegment(p0, p1, rA, 0.85 * rA));
            appendage.Add(new TaperedSegment(p1, p2, 0.85 * rA, 0.65 * rA));
            appendage.Add(new TaperedSegment(p2, p3, 0.65 * rA, 0.42 * rA));
        }
        return new AtriumShape(body, appendage, imageVeins, labelVeins, 3 * a);
    }

    private static List<Layer> SampleTissues(PhantomRandom rng, PhantomRandom app, double s, double edge)
    {
        double J(double v) => v * s * rng.Jitter(0.08);
        double P(double v) => v * s + rng.Symmetric(4 * s);
        double I(double v) => v * app.Jitter(0.08);
        var layers = new List<Layer>();

        // Chest wall: subcutaneous fat (moderately bright in LGE) around muscle, as one layer with a fat shell.
        var fat = Math.Max(rng.Uniform(8, 15) * s, 1.5 * edge);
        layers.Add(new Layer("chest wall", new EllipticColumn(P(-5), P(5), J(150) - fat, J(108) - fat), I(0.38), fat, I(0.62)) { InBodyFrame = true });

        // Lungs: nearly signal-free, crossed by a few bright pulmonary vessels fanning out from the hila.
        var lung = I(0.06);
        var rightLung = new Vector3d(P(-85), P(15), 0);
        var leftLung = new Vector3d(P(88), P(18), 0);
        layers.Add(new Layer("right lung", new Ellipsoid(rightLung, new Vector3d(J(58), J(78), 200 * s)), lung) { InBodyFrame = true });
        layers.Add(new Layer("left lung", new Ellipsoid(leftLung, new Vector3d(J(55), J(75), 200 * s)), lung) { InBodyFrame = true });
        var vessel = I(0.6);
        foreach (var side in new[] { -1.0, 1.0 })
        {
            var hilum = new Vector3d(side * 45 * s, 10 * s, 0);
            for (var v = 0; v < 7; v++)
            {
                var dir = Direction(rng, side * 0.8, rng.Symmetric(1), rng.Symmetric(0.8), 0, 0);
                var length = rng.Uniform(30, 65) * s;
                var r0 = rng.Uniform(1.8, 3.2) * s;
                layers.Add(new Layer("pulmonary vessel", new TaperedSegment(hilum, hilum + dir * length, r0, 0.35 * r0), vessel) { InBodyFrame = true });
            }
        }

        // Mediastinum: fat and connective tissue around the heart (heart frame) and behind it (body frame).
        var mediastinum = I(0.48);
        layers.Add(new Layer("anterior mediastinum", new EllipticColumn(P(-5), P(-32), J(62), J(70)), mediastinum));
        layers.Add(new Layer("posterior mediastinum", new EllipticColumn(P(6), P(36), J(34), J(22)), mediastinum) { InBodyFrame = true });

        // Other chambers: blood pools a little darker than the atrium's, nulled (dark) myocardium around them.
        var myocardium = I(0.16);
        layers.Add(new Layer("right ventricle", new Ellipsoid(new Vector3d(P(-5), P(-78), P(-8)), new Vector3d(J(42), J(20), J(38))), I(0.9), 3 * s, myocardium));
        layers.Add(new Layer("left ventricle", new Ellipsoid(new Vector3d(P(45), P(-50), P(-14)), new Vector3d(J(30), J(32), J(34))), I(0.9), 9 * s, myocardium));
        layers.Add(new Layer("right atrium", new Ellipsoid(new Vector3d(P(-50), P(-20), P(2)), new Vector3d(J(24), J(24), J(28))), I(0.92), 2 * s, myocardium));

        // Great vessels: bright lumen, thin dark wall.
        var vesselWall = I(0.2);
        layers.Add(new Layer("pulmonary trunk", new EllipticColumn(P(18), P(-60), J(13), J(13), zMin: P(-6)), I(0.95), 2 * s, vesselWall));
        layers.Add(new Layer("ascending aorta", new EllipticColumn(P(-14), P(-42), J(14), J(14), zMin: P(-12)), I(0.97), 2 * s, vesselWall));
        layers.Add(new Layer("descending aorta", new EllipticColumn(P(24), P(42), J(11), J(11)), I(0.97), 2 * s, vesselWall) { InBodyFrame = true });
        layers.Add(new Layer("oesophagus", new EllipticColumn(P(4), P(30), J(7), J(6)), I(0.3)) { InBodyFrame = true });

        // Spine: vertebral bodies with darker discs, the canal (dark CSF) and the posterior elements.
        double sx = P(0), sy = P(55);
        layers.Add(new SpineLayer(new EllipticColumn(sx, sy, J(17), J(15)), I(0.72), I(0.32), 26 * s * rng.Jitter(0.08), Math.Max(6 * s, 1.5 * edge), rng.Uniform(0, 26 * s)) { InBodyFrame = true });
        layers.Add(new Layer("spinal canal", new EllipticColumn(sx, sy + 23 * s, 8 * s, 7 * s), I(0.15)) { InBodyFrame = true });
        layers.Add(new Layer("posterior vertebral elements", new EllipticColumn(sx, sy + 36 * s, 17 * s, 6 * s), I(0.58)) { InBodyFrame = true });
        return layers;
    }

    private static double[] SampleBias(PhantomRandom app, double strength)
    {
        var c = new double[9];
        for (var i = 0; i < c.Length; i++) c[i] = app.Symmetric(1);
        // Scale so that the largest deviation from 1 over a lattice of the volume equals the strength.
        var max = 0.0;
        for (var i = -2; i <= 2; i++)
            for (var j = -2; j <= 2; j++)
                for (var k = -2; k <= 2; k++)
                    max = Math.Max(max, Math.Abs(BiasPolynomial(c, i / 2.0, j / 2.0, k / 2.0)));
        var scale = max > 0 ? strength / max : 0;
        for (var i = 0; i < c.Length; i++) c[i] *= scale;
        return c;
    }

    /// <summary>sum c_i m_i(x, y, z) with the monomials x, y, z, x^2, y^2, z^2, xy, xz, yz.</summary>
    internal static double BiasPolynomial(double[] c, double x, double y, double z) =>
        c[0] * x + c[1] * y + c[2] * z + c[3] * x * x + c[4] * y * y + c[5] * z * z + c[6] * x * y + c[7] * x * z + c[8] * y * z;
}
