import FlussoCore
import Foundation
import GRDB

/// Group commit: items submitted while a commit is running go into the next transaction
/// together, so one fsync covers many of them. Each caller returns only after its item is
/// durable, with what `write` said of it. If a batch fails, its items are written one by one so
/// that one bad item cannot fail the others. Intake's tickets and webhook attempts use it.
actor GroupCommit<Item: Sendable, Output: Sendable> {
    private let pool: DatabasePool
    private var pending: [(Item, CheckedContinuation<Output, any Error>)] = []
    private var draining = false
    /// Upper bound on items per transaction, to bound latency and memory.
    private let maxBatch: Int
    /// Writes one item in the caller's transaction.
    private let write: @Sendable (Database, Item) throws -> Output
    /// The error a caller gets when its item alone cannot be written.
    private let failure: @Sendable (Item, any Error) -> any Error

    init(
        pool: DatabasePool, maxBatch: Int, write: @escaping @Sendable (Database, Item) throws -> Output,
        failure: @escaping @Sendable (Item, any Error) -> any Error
    ) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.write = write
        self.failure = failure
    }

    func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Output, any Error>) in
            pending.append((item, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let items = batch.map(\.0)
            let write = self.write
            do {
                let outputs = try await pool.write { db in try items.map { try write(db, $0) } }
                for ((_, continuation), output) in zip(batch, outputs) { continuation.resume(returning: output) }
            } catch {
                for (item, continuation) in batch {
                    do {
                        continuation.resume(returning: try await pool.write { db in try write(db, item) })
                    } catch {
                        continuation.resume(throwing: failure(item, error))
                    }
                }
            }
        }
        draining = false
    }
}
