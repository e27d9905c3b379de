import COpenBLAS
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Which of OpenBLAS's kernel sets this process computes with, and the correction when the
/// library does not know the CPU.
///
/// OpenBLAS (`DYNAMIC_ARCH`, as Debian builds it) picks its kernels from the CPU's family and model
/// when it loads. A CPU newer than the library falls back to the oldest x86-64 set: Debian 12's
/// 0.3.21 takes a 5th-generation Xeon (family 6, model 207, AVX-512) for `Prescott` (SSE3), and
/// sgemm runs at 21 GFLOP/s per core instead of 85 — MiniLM, the text classifier and every query
/// embedding four times slower. `OPENBLAS_CORETYPE` overrides the choice, but only when set
/// before the library loads, so `flusso` sets it from the CPU's instruction flags and re-executes
/// itself once (as for `OMP_THREAD_LIMIT`). An explicit `OPENBLAS_CORETYPE` is always kept.
public enum BLASKernels {
    /// The kernel set OpenBLAS chose for this process (e.g. `SkylakeX`, `Haswell`, `Prescott`).
    public static var chosen: String { String(cString: openblas_get_corename()) }

    /// The kernel set to ask for when OpenBLAS's choice `chosen` uses fewer of the CPU's
    /// instructions than `cpuFlags` (the `flags` of /proc/cpuinfo) offer; nil when its choice is
    /// as good, when `chosen` is a set this table does not know, or when the CPU is not x86-64.
    public static func correction(chosen: String, cpuFlags: Set<String>) -> String? {
        guard let chosenLevel = level(ofKernels: chosen), let cpu = bestKernels(cpuFlags: cpuFlags) else { return nil }
        return cpu.level > chosenLevel ? cpu.name : nil
    }

    /// The instruction flags of the first CPU in a /proc/cpuinfo text.
    public static func cpuFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// Sets `OPENBLAS_CORETYPE` when it is unset and OpenBLAS chose kernels weaker than this CPU
    /// runs; returns what it set (the caller re-executes the process for it to take effect).
    public static func setCoreTypeIfNeeded() -> String? {
        #if os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil,
            let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let name = correction(chosen: chosen, cpuFlags: cpuFlags(cpuinfo: cpuinfo))
        else { return nil }
        setenv("OPENBLAS_CORETYPE", name, 1)
        return name
        #else
        return nil
        #endif
    }

    /// Instruction level of an OpenBLAS x86-64 kernel set: 4 AVX-512, 3 AVX2 + FMA, 2 AVX, 1 SSE.
    static func level(ofKernels name: String) -> Int? {
        switch name.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return 4
        case "haswell", "zen": return 3
        case "sandybridge": return 2
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine", "northwood", "banias",
            "opteron", "opteron_sse3", "barcelona", "bobcat", "nano":
            return 1
        default: return nil
        }
    }

    /// The strongest kernel set the CPU's flags allow, with its level.
    static func bestKernels(cpuFlags flags: Set<String>) -> (name: String, level: Int)? {
        if ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return ("SkylakeX", 4) }
        if flags.contains("avx2") && flags.contains("fma") { return ("Haswell", 3) }
        if flags.contains("avx") { return ("Sandybridge", 2) }
        return nil
    }
}
