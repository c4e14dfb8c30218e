using BenchmarkDotNet.Running;
using Myna.Benchmarking;

namespace Myna.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher; with <c>--openssl-anchor</c> (taken off the arguments) the machine's
    /// <c>openssl speed rsa2048</c> on one and on two processes is measured before and after the benchmarks, so that the
    /// RSA figures stand beside OpenSSL's on the same cores in the same run.
    /// </summary>
    public static void Main(string[] args)
    {
        var anchor = args.Contains("--openssl-anchor");
        if (anchor)
        {
            Console.WriteLine("Anchor before, load average " + MachineAnchors.LoadAverage() + ":");
            MachineAnchors.OpenSslSpeed(alsoTwoProcesses: true);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args.Where(a => a != "--openssl-anchor")]);
        if (anchor)
        {
            Console.WriteLine("Anchor after, load average " + MachineAnchors.LoadAverage() + ":");
            MachineAnchors.OpenSslSpeed(alsoTwoProcesses: true);
        }
    }
}
