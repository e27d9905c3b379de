import Foundation
import Testing

@testable import Embeddings

@Suite struct BLASKernelsTests {
    static let avx512 = Set(
        "fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl".split(separator: " ").map(String.init))
    static let avx2 = Set("fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx2 fma".split(separator: " ").map(String.init))
    static let sse = Set("fpu sse sse2 pni ssse3".split(separator: " ").map(String.init))

    @Test func aCPUTheLibraryTookForAnOlderOneGetsTheKernelsItsFlagsAllow() {
        // Debian 12's OpenBLAS on a 5th-generation Xeon: Prescott for an AVX-512 CPU.
        #expect(BLASKernels.correction(chosen: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(BLASKernels.correction(chosen: "Haswell", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(BLASKernels.correction(chosen: "Sandybridge", cpuFlags: Self.avx2) == "Haswell")
        #expect(BLASKernels.correction(chosen: "Nehalem", cpuFlags: Self.avx2) == "Haswell")
    }

    @Test func aRightOrUnknownChoiceIsLeftAlone() {
        #expect(BLASKernels.correction(chosen: "SkylakeX", cpuFlags: Self.avx512) == nil)
        #expect(BLASKernels.correction(chosen: "Cooperlake", cpuFlags: Self.avx512) == nil)
        #expect(BLASKernels.correction(chosen: "Haswell", cpuFlags: Self.avx2) == nil)
        #expect(BLASKernels.correction(chosen: "Zen", cpuFlags: Self.avx2) == nil)
        // Never a stronger set than the CPU runs, never a guess for a set the table does not know.
        #expect(BLASKernels.correction(chosen: "Prescott", cpuFlags: Self.sse) == nil)
        #expect(BLASKernels.correction(chosen: "Prescott", cpuFlags: []) == nil)
        #expect(BLASKernels.correction(chosen: "NeoverseN1", cpuFlags: Self.avx512) == nil)
        // AVX-512 needs all five subsets SkylakeX's kernels use.
        #expect(BLASKernels.correction(chosen: "Prescott", cpuFlags: Self.avx2.union(["avx512f"])) == "Haswell")
    }

    @Test func theFlagsAreReadFromCpuinfo() {
        let cpuinfo = """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse avx2 fma avx512f
            bugs\t\t: spectre_v1

            processor\t: 1
            flags\t\t: fpu
            """
        #expect(BLASKernels.cpuFlags(cpuinfo: cpuinfo) == ["fpu", "sse", "avx2", "fma", "avx512f"])
        #expect(BLASKernels.cpuFlags(cpuinfo: "processor : 0\n").isEmpty)
    }

    @Test func theChosenKernelsAreNamed() {
        #expect(!BLASKernels.chosen.isEmpty)
    }
}
