/// Decides, inside the graph walk, whether a visited slot may enter the result set.
/// Specialised generically so the unfiltered hot loop pays nothing for filtering.
protocol SlotAcceptor {
    func accepts(_ slot: UInt32) -> Bool
}

/// Accepts every slot that is not deleted.
struct AcceptLive: SlotAcceptor {
    let deleted: UnsafePointer<UInt8>
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { deleted[Int(slot)] == 0 }
}

/// Accepts every slot but one (used while linking a slot, so it never links to itself).
struct AcceptAllExcept: SlotAcceptor {
    let excluded: UInt32
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { slot != excluded }
}

/// Accepts live slots whose external id passes the caller's filter.
struct AcceptLiveFiltered: SlotAcceptor {
    let deleted: UnsafePointer<UInt8>
    let ids: UnsafePointer<UInt64>
    let filter: SearchFilter
    @inline(__always) func accepts(_ slot: UInt32) -> Bool {
        deleted[Int(slot)] == 0 && filter.allows(ids[Int(slot)])
    }
}
