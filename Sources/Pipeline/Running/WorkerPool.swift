import FlussoCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Settings of the worker pool; defaults are documented in docs/configuration.md.
public struct WorkerPoolConfiguration: Sendable {
    /// Concurrent workers in this process.
    public var workers = 2
    /// How long a leased ticket stays invisible to other workers; renewed every third of it.
    public var visibilityTimeout: Duration = .seconds(60)
    /// Deliveries after which a job goes to dead letter and its ticket to FAILED.
    public var maxReceives = 5
    /// Longest idle wait before a worker polls the queue again.
    public var idlePoll: Duration = .milliseconds(250)
    /// First wait before a ticket whose step failed is tried again; doubles per delivery, capped at 5 minutes.
    public var retryDelay: Duration = .seconds(5)
    /// A name for this process's workers in lease tokens and logs.
    public var name = "worker"
    public init() {}
}

/// N workers that lease tickets from the queue and run them through the `TicketProcessor`.
///
/// Graceful shutdown (SIGTERM/SIGINT through swift-service-lifecycle): workers stop leasing and
/// finish the ticket in hand; if the service group's deadline cancels them first, the interrupted
/// ticket's lease is released so another worker resumes it at its first unfinished step.
public final class WorkerPool: Service {
    private let configuration: WorkerPoolConfiguration
    private let queue: any JobQueue
    private let store: any TicketStore
    private let processor: TicketProcessor
    private let signal: WorkSignal
    private let clock: any PipelineClock
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let processed = Atomic<Int>(0)

    public init(
        configuration: WorkerPoolConfiguration, queue: any JobQueue, store: any TicketStore, processor: TicketProcessor,
        signal: WorkSignal, clock: any PipelineClock = SystemClock(), logger: Logger
    ) {
        self.configuration = configuration
        self.queue = queue
        self.store = store
        self.processor = processor
        self.signal = signal
        self.clock = clock
        self.logger = logger
    }

    /// Tickets this pool has taken to an end (finished or dead-lettered).
    public var processedCount: Int { processed.load(ordering: .relaxed) }

    public func run() async throws {
        guard configuration.workers > 0 else {
            // An API-only process: nothing to do, but a service must run until shutdown.
            try? await gracefulShutdown()
            return
        }
        logger.info("workers started", metadata: ["workers": "\(configuration.workers)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<configuration.workers {
                    group.addTask { await self.loop(worker: "\(self.configuration.name)-\(index)") }
                }
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .releasing)
            self.signal.notify()
        }
        logger.info("workers stopped")
    }

    /// Asks the workers to stop after the ticket in hand (what graceful shutdown does).
    public func stop() {
        stopping.store(true, ordering: .releasing)
        signal.notify()
    }

    private var shouldStop: Bool { stopping.load(ordering: .acquiring) || Task.isCancelled }

    private func loop(worker: String) async {
        while !shouldStop {
            let seen = signal.current
            do {
                if let lease = try await queue.lease(worker: worker, visibility: configuration.visibilityTimeout) {
                    await handle(lease)
                    continue
                }
            } catch {
                logger.error("leasing failed", metadata: ["worker": "\(worker)", "error": "\(error.flussoMessage)"])
            }
            if shouldStop { break }
            await signal.wait(after: seen, upTo: configuration.idlePoll)
        }
    }

    private func handle(_ lease: JobLease) async {
        let log: Logger = {
            var log = logger
            log[metadataKey: "ticket_id"] = "\(lease.ticketID)"
            return log
        }()
        if lease.receiveCount > configuration.maxReceives {
            await deadLetter(lease, log: log)
            return
        }
        let result: Result<ProcessingResult, FlussoError> = await withTaskGroup(of: Result<ProcessingResult, FlussoError>?.self) { group in
            group.addTask {
                do {
                    return .success(try await self.processor.process(ticketID: lease.ticketID))
                } catch {
                    return .failure(FlussoError(error))
                }
            }
            group.addTask {
                await self.keepAlive(lease, log: log)
                return nil
            }
            var outcome: Result<ProcessingResult, FlussoError> = .success(.interrupted)
            for await item in group {
                if let item {
                    outcome = item
                    group.cancelAll()
                }
            }
            return outcome
        }
        do {
            switch result {
            case .success(.finished(let status)):
                try await queue.complete(lease)
                processed.add(1, ordering: .relaxed)
                log.info("ticket finished", metadata: ["status": "\(status.rawValue)", "receives": "\(lease.receiveCount)"])
            case .success(.abandoned):
                // Another worker is finishing this ticket (our lease had expired). Deleting the job
                // here would lose the ticket's remaining steps if that worker dies before them
                // (a kill -9 between the store and notify steps left tickets without step 9): the
                // job comes back after a visibility timeout instead, and a delivery that finds
                // every step finished just completes it.
                try await queue.release(lease, error: "another worker was finishing it", retryAfter: configuration.visibilityTimeout)
                log.info("another worker is finishing this ticket; the job comes back to check")
            case .success(.interrupted):
                try await queue.release(lease, error: "interrupted by shutdown", retryAfter: .zero)
                log.info("ticket released on shutdown; another worker resumes it")
            case .success(.retryLater(let reason)):
                let delay = retryDelay(receives: lease.receiveCount)
                try await queue.release(lease, error: reason, retryAfter: delay)
                log.warning("ticket will be retried", metadata: ["reason": "\(reason)", "after_s": "\(delay.seconds)"])
            case .failure(let error):
                if error.code == .notFound {
                    try await queue.deadLetter(lease, reason: "the ticket of this job does not exist")
                } else {
                    try await queue.release(lease, error: error.flussoMessage, retryAfter: retryDelay(receives: lease.receiveCount))
                }
                log.error("processing failed", metadata: ["error": "\(error.flussoMessage)"])
            }
        } catch {
            log.error("could not settle the job; its lease will expire and it will be redelivered", metadata: ["error": "\(error.flussoMessage)"])
        }
    }

    private func retryDelay(receives: Int) -> Duration {
        let seconds = configuration.retryDelay.seconds * Double(1 << min(max(receives - 1, 0), 10))
        return .milliseconds(Int64(min(seconds, 300) * 1000))
    }

    /// Renews the lease every third of the visibility timeout until cancelled.
    private func keepAlive(_ lease: JobLease, log: Logger) async {
        let every = configuration.visibilityTimeout / 3
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: every)
                try await queue.extend(lease, by: configuration.visibilityTimeout)
            } catch {
                if !Task.isCancelled { log.warning("could not renew the lease", metadata: ["error": "\(error.flussoMessage)"]) }
                return
            }
        }
    }

    private func deadLetter(_ lease: JobLease, log: Logger) async {
        let reason =
            "dead letter after \(lease.receiveCount - 1) deliveries without finishing"
            + (lease.lastError.map { "; last error: \($0)" } ?? "")
        do {
            if var ticket = try await store.ticket(id: lease.ticketID), !ticket.status.isFinal {
                ticket.transition(to: .failed, reason: reason, at: clock.now())
                try await store.update(ticket)
            }
            try await queue.deadLetter(lease, reason: reason)
            processed.add(1, ordering: .relaxed)
            log.error("ticket moved to dead letter", metadata: ["reason": "\(reason)"])
        } catch {
            log.error("could not dead-letter the job", metadata: ["error": "\(error.flussoMessage)"])
        }
    }
}
