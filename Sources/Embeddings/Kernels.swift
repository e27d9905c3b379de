import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Element-wise kernels of the encoder (layer norm, softmax, GELU, residual add), written with
/// explicit `SIMD16<Float>` where the width allows: a plain scalar loop does not vectorise in
/// Swift (strict float ordering). No fused multiply-add (`addingProduct` lowers to slow `fmaf`
/// calls on the baseline x86-64 target).
enum Kernels {
    /// a[i] += b[i].
    static func add(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) {
        let ra = UnsafeMutableRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 16 <= n {
            let o = i * 4
            let s = ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self) + rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            ra.storeBytes(of: s, toByteOffset: o, as: SIMD16<Float>.self)
            i += 16
        }
        while i < n {
            a[i] += b[i]
            i += 1
        }
    }

    /// Layer norm of each `width`-long row in place: (x − mean) / sqrt(var + ε) · γ + β.
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        let vectorWidth = width & ~15
        let rg = UnsafeRawPointer(gamma), rbeta = UnsafeRawPointer(beta)
        for r in 0..<rows {
            let row = x + r * width
            let rr = UnsafeMutableRawPointer(row)
            var acc = SIMD16<Float>()
            var i = 0
            while i < vectorWidth {
                acc += rr.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                i += 16
            }
            var sum = acc.sum()
            while i < width {
                sum += row[i]
                i += 1
            }
            let mean = sum / Float(width)
            let m16 = SIMD16<Float>(repeating: mean)
            var acc2 = SIMD16<Float>()
            i = 0
            while i < vectorWidth {
                let d = rr.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) - m16
                acc2 += d * d
                i += 16
            }
            var sq = acc2.sum()
            while i < width {
                let d = row[i] - mean
                sq += d * d
                i += 1
            }
            let inv = 1 / (sq / Float(width) + epsilon).squareRoot()
            let i16 = SIMD16<Float>(repeating: inv)
            i = 0
            while i < vectorWidth {
                let o = i * 4
                let d = (rr.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self) - m16) * i16
                let y =
                    d * rg.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self) + rbeta.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                rr.storeBytes(of: y, toByteOffset: o, as: SIMD16<Float>.self)
                i += 16
            }
            while i < width {
                row[i] = (row[i] - mean) * inv * gamma[i] + beta[i]
                i += 1
            }
        }
    }

    /// Softmax of each `width`-long row in place.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = x + r * width
            var m = -Float.infinity
            for i in 0..<width where row[i] > m { m = row[i] }
            var sum: Float = 0
            var i = 0
            while i + 16 <= width {
                let e = exp16(UnsafeRawPointer(row + i).loadUnaligned(as: SIMD16<Float>.self) - SIMD16(repeating: m))
                UnsafeMutableRawPointer(row + i).storeBytes(of: e, as: SIMD16<Float>.self)
                sum += e.sum()
                i += 16
            }
            while i < width {
                let e = expf(row[i] - m)
                row[i] = e
                sum += e
                i += 1
            }
            let inv = 1 / sum
            for j in 0..<width { row[j] *= inv }
        }
    }

    /// exp(x) for x ≤ 0 (softmax after subtracting the row maximum, GELU's erf), SIMD:
    /// 2^(x·log2 e) split into an integer power of two and a degree-6 polynomial; relative
    /// error ~2e-7. Below −87 the result flushes to ~0.
    @inline(__always)
    static func exp16(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let clamped = x.replacing(with: SIMD16(repeating: -87), where: x .< -87)
        let t = clamped * 1.442_695_04
        // Round to nearest with the 1.5·2²³ trick: the integer lands in the low mantissa bits.
        let magic = SIMD16<Float>(repeating: 12_582_912)
        let shifted = t + magic
        let n = shifted - magic
        let f = (t - n) * 0.693_147_18  // |f| ≤ 0.347
        var p = SIMD16<Float>(repeating: 1.0 / 720)
        p = p * f + 1.0 / 120
        p = p * f + 1.0 / 24
        p = p * f + 1.0 / 6
        p = p * f + 0.5
        p = p * f + 1
        p = p * f + 1
        let k = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let scale = (k &+ 127) &<< 23
        return p * unsafeBitCast(scale, to: SIMD16<Float>.self)
    }

    /// erf(x), SIMD (Abramowitz–Stegun 7.1.26, absolute error < 1.5e-7).
    @inline(__always)
    static func erf16(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let a = x.replacing(with: -x, where: x .< 0)
        let one = SIMD16<Float>(repeating: 1)
        let t = one / (one + a * 0.327_591_1)
        var p = SIMD16<Float>(repeating: 1.061_405_429)
        p = p * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        p = p * t
        let y = one - p * exp16(-(a * a))
        return y.replacing(with: -y, where: x .< 0)
    }

    /// Exact (erf) GELU in place: x · ½ · (1 + erf(x / √2)).
    static func gelu(_ x: inout [Float]) {
        x.withUnsafeMutableBufferPointer { b in
            let n = b.count
            let raw = UnsafeMutableRawPointer(b.baseAddress!)
            var i = 0
            while i + 16 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                let e = erf16(v * 0.707_106_77) + SIMD16<Float>(repeating: 1)
                let g = v * 0.5 * e
                raw.storeBytes(of: g, toByteOffset: i * 4, as: SIMD16<Float>.self)
                i += 16
            }
            while i < n {
                let v = b[i]
                b[i] = 0.5 * v * (1 + erff(v * 0.707_106_77))
                i += 1
            }
        }
    }
}
