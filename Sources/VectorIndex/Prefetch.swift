/// Software prefetch, the one thing the graph walk needs that the standard library does not
/// offer: the neighbours' vectors are scattered through memory, and asking for them while the
/// previous ones are scored hides most of the cache-miss latency (hnswlib and FAISS do the same
/// with `_mm_prefetch`).
///
/// `@_silgen_name` binds this declaration to LLVM's `llvm.prefetch` intrinsic, which keeps the
/// module free of C imports. The intrinsic is only a hint: it never faults, even on an address
/// past the end of a buffer, and it changes no program state, so a wrong or missing prefetch can
/// cost speed but never correctness.
///
/// It is compiled in only with `-D VINDEX_PREFETCH` (the tuned build of `scripts/bench-ann`
/// sets it, next to `VINDEX_FMA`): instrumented builds (`-sanitize=thread`) turn the call into
/// an `invoke`, which LLVM rejects for an intrinsic, so the portable default is a no-op.
#if VINDEX_PREFETCH
@_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)
#endif

enum Prefetch {
    /// Asks for the cache lines of `bytes` bytes starting at `address` (for reading, kept in all
    /// cache levels). At most `maxLines` lines are requested; the hardware prefetcher follows on.
    @inline(__always)
    static func read(_ address: UnsafeRawPointer, bytes: Int, maxLines: Int = 4) {
        #if VINDEX_PREFETCH
        var offset = 0
        var lines = 0
        while offset < bytes && lines < maxLines {
            llvmPrefetch(address + offset, 0, 3, 1)
            offset &+= 64
            lines &+= 1
        }
        #endif
    }
}
