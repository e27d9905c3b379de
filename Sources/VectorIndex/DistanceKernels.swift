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
            s0 = madd(
                ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self),
                rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s0)
            s1 = madd(
                ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self),
                rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self), s1)
            i &+= 32
        }
        if i &+ 16 <= n {
            let o = i &* 4
            s0 = madd(
                ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self),
                rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s0)
            i &+= 16
        }
        var t = reduce16(s0 + s1)
        if i &+ 8 <= n {
            let o = i &* 4
            t = madd8(
                ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
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
            let d0 =
                ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d1 =
                ra.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD16<Float>.self)
            s0 = madd(d0, d0, s0)
            s1 = madd(d1, d1, s1)
            i &+= 32
        }
        if i &+ 16 <= n {
            let o = i &* 4
            let d =
                ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            s0 = madd(d, d, s0)
            i &+= 16
        }
        var t = reduce16(s0 + s1)
        if i &+ 8 <= n {
            let o = i &* 4
            let d =
                ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
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

    /// Dot products of one query with four vectors at once. The query chunk is loaded once per
    /// step and the four streams are independent, so their cache misses overlap (the graph
    /// search is memory-bound: this is where the speed-up over one-at-a-time scoring comes from).
    @inline(__always)
    public static func dot4(
        _ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
        _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, count n: Int
    ) -> SIMD4<Float> {
        let rq = UnsafeRawPointer(q)
        let r0 = UnsafeRawPointer(b0), r1 = UnsafeRawPointer(b1)
        let r2 = UnsafeRawPointer(b2), r3 = UnsafeRawPointer(b3)
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        var i = 0
        while i &+ 16 <= n {
            let o = i &* 4
            let x = rq.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            s0 = madd(x, r0.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s0)
            s1 = madd(x, r1.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s1)
            s2 = madd(x, r2.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s2)
            s3 = madd(x, r3.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self), s3)
            i &+= 16
        }
        var t0 = reduce16(s0), t1 = reduce16(s1), t2 = reduce16(s2), t3 = reduce16(s3)
        if i &+ 8 <= n {
            let o = i &* 4
            let x = rq.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            t0 = madd8(x, r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self), t0)
            t1 = madd8(x, r1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self), t1)
            t2 = madd8(x, r2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self), t2)
            t3 = madd8(x, r3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self), t3)
            i &+= 8
        }
        var sums = transposeReduce(t0, t1, t2, t3)
        while i < n {
            let x = q[i]
            let b = SIMD4<Float>(b0[i], b1[i], b2[i], b3[i])
            sums += x * b
            i &+= 1
        }
        return sums
    }

    /// Squared L2 distances of one query to four vectors at once (see `dot4`).
    @inline(__always)
    public static func squaredL2x4(
        _ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
        _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, count n: Int
    ) -> SIMD4<Float> {
        let rq = UnsafeRawPointer(q)
        let r0 = UnsafeRawPointer(b0), r1 = UnsafeRawPointer(b1)
        let r2 = UnsafeRawPointer(b2), r3 = UnsafeRawPointer(b3)
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        var i = 0
        while i &+ 16 <= n {
            let o = i &* 4
            let x = rq.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d0 = x - r0.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d1 = x - r1.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d2 = x - r2.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            let d3 = x - r3.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            s0 = madd(d0, d0, s0)
            s1 = madd(d1, d1, s1)
            s2 = madd(d2, d2, s2)
            s3 = madd(d3, d3, s3)
            i &+= 16
        }
        var t0 = reduce16(s0), t1 = reduce16(s1), t2 = reduce16(s2), t3 = reduce16(s3)
        if i &+ 8 <= n {
            let o = i &* 4
            let x = rq.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let d0 = x - r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let d1 = x - r1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let d2 = x - r2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let d3 = x - r3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            t0 = madd8(d0, d0, t0)
            t1 = madd8(d1, d1, t1)
            t2 = madd8(d2, d2, t2)
            t3 = madd8(d3, d3, t3)
            i &+= 8
        }
        var sums = transposeReduce(t0, t1, t2, t3)
        while i < n {
            let b = SIMD4<Float>(b0[i], b1[i], b2[i], b3[i])
            let d = q[i] - b
            sums += d * d
            i &+= 1
        }
        return sums
    }

    /// Horizontal sums of four 8-lane accumulators, as one 4-lane vector.
    @inline(__always)
    static func transposeReduce(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ d: SIMD8<Float>) -> SIMD4<Float> {
        let a4 = a.lowHalf + a.highHalf, b4 = b.lowHalf + b.highHalf
        let c4 = c.lowHalf + c.highHalf, d4 = d.lowHalf + d.highHalf
        // Pairwise: [a0+a1, a2+a3, b0+b1, b2+b3] style folding, kept in lanes.
        let ab = SIMD8(lowHalf: a4, highHalf: b4)
        let cd = SIMD8(lowHalf: c4, highHalf: d4)
        let abp = ab.evenHalf + ab.oddHalf  // [a0+a1, a2+a3, b0+b1, b2+b3]
        let cdp = cd.evenHalf + cd.oddHalf
        let all = SIMD8(lowHalf: abp, highHalf: cdp)
        return all.evenHalf + all.oddHalf  // [a, b, c, d]
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
    /// Distances from `q` to four vectors at once.
    static func distance4(
        _ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
        _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, _ n: Int
    ) -> SIMD4<Float>
}

/// Squared L2.
enum SquaredL2Kernel: DistanceKernel {
    @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        DistanceKernels.squaredL2(a, b, count: n)
    }

    @inline(__always)
    static func distance4(
        _ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
        _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, _ n: Int
    ) -> SIMD4<Float> {
        DistanceKernels.squaredL2x4(q, b0, b1, b2, b3, count: n)
    }
}

/// `1 - dot`: inner product, and cosine on unit vectors.
enum OneMinusDotKernel: DistanceKernel {
    @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        1 - DistanceKernels.dot(a, b, count: n)
    }

    @inline(__always)
    static func distance4(
        _ q: UnsafePointer<Float>, _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>,
        _ b2: UnsafePointer<Float>, _ b3: UnsafePointer<Float>, _ n: Int
    ) -> SIMD4<Float> {
        1 - DistanceKernels.dot4(q, b0, b1, b2, b3, count: n)
    }
}
