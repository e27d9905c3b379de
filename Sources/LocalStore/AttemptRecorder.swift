import FlussoCore
import Foundation
import GRDB

/// Group commit for webhook attempts: attempts that end while a commit is running go into the
/// next transaction together, so one fsync covers many deliveries (at hundreds of deliveries a
/// second, one transaction each would make the disk the dispatcher's limit). Each caller returns
/// only after its attempt is durable, with whether its claim still held. If a batch fails, its
/// attempts are written one by one so that one cannot fail the others.
actor AttemptRecorder {
    struct Item: Sendable {
        var attempt: WebhookAttempt
        var attemptDoc: String
        var delivery: WebhookDelivery
        var doc: String
        var claimedUntil: Date
    }

    private let pool: DatabasePool
    private var pending: [(Item, CheckedContinuation<Bool, any Error>)] = []
    private var draining = false
    /// Upper bound on attempts per transaction.
    private let maxBatch = 256
    /// Writes one item in the caller's transaction; true when the claim held.
    private let write: @Sendable (Database, Item) throws -> Bool

    init(pool: DatabasePool, write: @escaping @Sendable (Database, Item) throws -> Bool) {
        self.pool = pool
        self.write = write
    }

    func submit(_ item: Item) async throws -> Bool {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
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
                let kept = try await pool.write { db in try items.map { try write(db, $0) } }
                for ((_, continuation), held) in zip(batch, kept) { continuation.resume(returning: held) }
            } catch {
                for (item, continuation) in batch {
                    do {
                        continuation.resume(returning: try await pool.write { db in try write(db, item) })
                    } catch {
                        continuation.resume(
                            throwing: FlussoError.storage("could not record attempt \(item.attempt.attempt) of \(item.delivery.id): \(error)"))
                    }
                }
            }
        }
        draining = false
    }
}
