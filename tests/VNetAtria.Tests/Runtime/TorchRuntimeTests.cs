using TorchSharp;
using VNetAtria.Runtime;

namespace VNetAtria.Tests.Runtime;

public sealed class TorchRuntimeTests : IDisposable
{
    private readonly List<string> _tempFolders = [];

    public void Dispose() => NativeLibraryFixture.Delete(_tempFolders);

    [Fact]
    public void The_native_library_loads_and_computes_a_known_matrix_product()
    {
        TorchRuntime.EnsureAvailable();

        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);

        // [[1, 2], [3, 4]] x [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
        using var ones = torch.ones(2, 2);
        Assert.Equal(4f, ones.sum().item<float>());
    }

    [Fact]
    public void EnsureAvailable_loads_the_library_beside_the_application_once_from_any_number_of_threads()
    {
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            try { TorchRuntime.EnsureAvailable(); }
            catch (Exception e) { errors.Add(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, TorchNativeLoader.FileName), TorchRuntime.NativeLibraryPath);
        // TorchSharp's fallback would have consolidated ~480 MB of natives into a "cpu" folder beside TorchSharp.dll.
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "cpu")));
    }

    [Fact]
    public void A_library_the_loader_rejects_fails_fast_with_the_loader_error_and_the_fixes()
    {
        var dir = TestSupport.TestPaths.NewTempDir("vnetatria-loader");
        _tempFolders.Add(dir);
        var path = Path.Combine(dir, TorchNativeLoader.FileName);
        File.WriteAllText(path, "not a shared library");

        var e = Assert.Throws<TorchRuntimeException>(() => TorchNativeLoader.Load(path));

        Assert.Equal(path, e.NativeLibraryPath);
        Assert.False(string.IsNullOrWhiteSpace(e.LoaderError));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("VNetAtriaPatchLibTorchSharp=always", e.Message, StringComparison.Ordinal);
        Assert.Contains("libtorch-cpu-linux-x64", e.Message, StringComparison.Ordinal);
        Assert.Contains("480 MB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unpatched_library_fails_fast_naming_the_missing_GLIBCXX_version_on_an_old_libstdcxx()
    {
        var original = NativeLibraryFixture.RequireOriginal();
        var libStdCxx = VNetAtria.Build.LibStdCxxCompat.FindLibStdCxx(VNetAtria.Build.ElfFile.MachineX86_64, out _);
        if (libStdCxx is null || VNetAtria.Build.ElfFile.Read(libStdCxx).Definitions.Contains("GLIBCXX_3.4.32"))
            Assert.Skip("This machine's libstdc++ has GLIBCXX_3.4.32: the unpatched library loads here, nothing to fail.");
        // libtorch is then already in the process, so the only thing the copy can fail on is the version check.
        TorchRuntime.EnsureAvailable();
        var copy = NativeLibraryFixture.CopyOfOriginal(_tempFolders);

        var e = Assert.Throws<TorchRuntimeException>(() => TorchNativeLoader.Load(copy));

        Assert.Contains("GLIBCXX_3.4.32", e.LoaderError, StringComparison.Ordinal);
        Assert.Contains("libstdc++ is older", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_library_is_reported_with_the_folders_searched_and_the_package_to_add()
    {
        var dir = TestSupport.TestPaths.NewTempDir("vnetatria-loader");
        _tempFolders.Add(dir);

        Assert.Null(TorchNativeLoader.Find([dir]));
        var message = TorchNativeLoader.NotFoundMessage([dir]);
        Assert.Contains(dir, message, StringComparison.Ordinal);
        Assert.Contains("Torch.Backend.props", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/root/.nuget/packages/torchsharp/0.107.0/lib/net8.0/TorchSharp.dll", true)]
    [InlineData("/repo/tests/bin/Debug/net10.0/linux-x64/TorchSharp.dll", false)]
    [InlineData("", false)]
    public void TorchSharp_loaded_from_a_package_folder_is_recognised(string location, bool expected) =>
        Assert.Equal(expected, TorchNativeLoader.IsNuGetPackageLayout(location));

    [Theory]
    [InlineData("auto", TorchDeviceKind.Auto, null)]
    [InlineData("cpu", TorchDeviceKind.Cpu, null)]
    [InlineData(" CPU ", TorchDeviceKind.Cpu, null)]
    [InlineData("cuda", TorchDeviceKind.Cuda, null)]
    [InlineData("cuda:0", TorchDeviceKind.Cuda, 0)]
    [InlineData("CUDA:3", TorchDeviceKind.Cuda, 3)]
    public void Device_specs_parse(string spec, TorchDeviceKind kind, int? index) =>
        Assert.Equal(new TorchDeviceSpec(kind, index), TorchDeviceSpec.Parse(spec));

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:1:2")]
    [InlineData("cpu:0")]
    public void Malformed_device_specs_are_refused_naming_the_accepted_forms(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => TorchDeviceSpec.Parse(spec));
        Assert.Contains("cuda:N", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    [InlineData("cuda")]
    [InlineData("cuda:2")]
    public void Device_specs_print_as_they_parse(string spec) =>
        Assert.Equal(spec, TorchDeviceSpec.Parse(spec).ToString());

    [Fact]
    public void Cpu_resolves_to_the_cpu_and_auto_falls_back_to_it_without_cuda()
    {
        TorchRuntime.EnsureAvailable();
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
        var expected = torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, TorchRuntime.ResolveDevice("auto").type);
    }

    [Fact]
    public void Cuda_without_cuda_says_the_cpu_backend_is_in_use_and_how_to_build_for_cuda()
    {
        TorchRuntime.EnsureAvailable();
        if (torch.cuda.is_available()) Assert.Skip("CUDA is available here.");

        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.ResolveDevice("cuda:0"));

        Assert.Contains("CPU-only libtorch package", e.Message, StringComparison.Ordinal);
        Assert.Contains("-p:TorchBackend=cuda", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_reports_the_loaded_versions_backend_and_threads()
    {
        var info = TorchRuntime.Describe();

        var assemblyVersion = typeof(torch).Assembly.GetName().Version!;
        Assert.StartsWith($"{assemblyVersion.Major}.{assemblyVersion.Minor}.{assemblyVersion.Build}", info.TorchSharpVersion, StringComparison.Ordinal);
        // The CUDA backend package brings libtorch_cuda.so; the default CPU package does not.
        Assert.Equal(File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cuda.so")) ? "cuda" : "cpu", info.Backend);
        Assert.Equal(TorchRuntime.NativeLibraryPath, info.NativeLibraryPath);
        Assert.InRange(info.Threads, 1, 4096);
        Assert.Equal(torch.cuda.is_available(), info.CudaAvailable);
        Assert.Contains(info.TorchSharpVersion, info.ToString(), StringComparison.Ordinal);
    }
}
