/// Float32 distance kernels written with explicit `SIMD16`/`SIMD8` vectors, two 16-wide
/// accumulators and a tree reduction; any dimension is supported (8- and 1-wide tails).
///
/// A plain scalar loop does not vectorise in Swift (strict float ordering), hence the explicit
/// SIMD. Fused multiply-add is used only when compiled with `-D VINDEX_FMA` (pair it with
/// `-target-cpu haswell` or newer): on the baseline x86-64 target `addingProduct` lowers to
/// slow `fmaf` library calls, so the default is `a * b + c`.
public enum DistanceKernels {
    /// Dot product of two `count`-long vectors.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        // Two 16-wide accumulators (= 4 AVX / 8 SSE registers): enough to hide add latency
        // without spilling on the baseline SSE target.
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
        var i = 0
        while i &+ 32 <= n {
            let o = i &* 4
            s0 = madd(ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self),
                      rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s0)
            s1 = madd(ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self),
                      rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self), s1)
            i &+= 32
        }
        if i &+ 16 <= n {
            let o = i &* 4
            s0 = madd(ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self),
                      rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s0)
            i &+= 16
        }
        var t = reduce16(s0 + s1)
        if i &+ 8 <= n {
            let o = i &* 4
            t = madd8(ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                      rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self), t)
            i &+= 8
        }
        var sum = reduce8(t)
        while i < n {
            sum += a[i] * b[i]
            i &+= 1
        }
        return sum
    }

    /// Squared Euclidean distance of two `count`-long vectors.
    @inline(__always)
    public static func squaredL2(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
        var i = 0
        while i &+ 32 <= n {
            let o = i &* 4
            let d0 = ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d1 = ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
            s0 = madd(d0, d0, s0)
            s1 = madd(d1, d1, s1)
            i &+= 32
        }
        if i &+ 16 <= n {
            let o = i &* 4
            let d = ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            s0 = madd(d, d, s0)
            i &+= 16
        }
        var t = reduce16(s0 + s1)
        if i &+ 8 <= n {
            let o = i &* 4
            let d = ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            t = madd8(d, d, t)
            i &+= 8
        }
        var sum = reduce8(t)
        while i < n {
            let d = a[i] - b[i]
            sum += d * d
            i &+= 1
        }
        return sum
    }

    /// Pairwise (tree) reductions. `SIMD.sum()` must add lanes in order and compiles to a
    /// serial chain of scalar adds, which cost more than the whole 128-d loop.
    @inline(__always)
    static func reduce16(_ v: SIMD16<Float>) -> SIMD8<Float> { v.lowHalf + v.highHalf }

    @inline(__always)
    static func reduce8(_ v: SIMD8<Float>) -> Float {
        let q = v.lowHalf + v.highHalf
        let r = q.lowHalf + q.highHalf
        return r[0] + r[1]
    }

    /// Convenience wrappers over arrays (for tests and callers outside the hot path).
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dimension mismatch")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in dot(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    public static func squaredL2(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dimension mismatch")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in squaredL2(pa.baseAddress!, pb.baseAddress!, count: a.count) }
        }
    }

    /// Distance under `metric` (for cosine the inputs must already be unit length).
    public static func distance(_ a: [Float], _ b: [Float], metric: Metric) -> Float {
        switch metric {
        case .squaredL2: squaredL2(a, b)
        case .innerProduct, .cosine: 1 - dot(a, b)
        }
    }

    @inline(__always)
    static func madd(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ c: SIMD16<Float>) -> SIMD16<Float> {
        #if VINDEX_FMA
        return c.addingProduct(a, b)
        #else
        return a * b + c
        #endif
    }

    @inline(__always)
    static func madd8(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        #if VINDEX_FMA
        return c.addingProduct(a, b)
        #else
        return a * b + c
        #endif
    }
}

/// A distance specialised at compile time, so the HNSW hot loop has no metric switch.
protocol DistanceKernel {
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float
}

/// Squared L2.
enum SquaredL2Kernel: DistanceKernel {
    @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        DistanceKernels.squaredL2(a, b, count: n)
    }
}

/// `1 - dot`: inner product, and cosine on unit vectors.
enum OneMinusDotKernel: DistanceKernel {
    @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        1 - DistanceKernels.dot(a, b, count: n)
    }
}
