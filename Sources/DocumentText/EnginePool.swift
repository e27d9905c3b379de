import Dispatch
import FlussoCore
import Foundation

/// One OCR worker: a serial dispatch queue (its own thread, outside Swift's cooperative pool, so
/// a page that takes seconds never starves the HTTP server or other tasks) and the
/// `TesseractEngine` that lives on it.
///
/// Why `@unchecked Sendable` is safe: `engine` is created, used and released only inside blocks
/// submitted to `queue`, which is serial, so no two threads ever touch the handle at once; the
/// `EnginePool` lends a worker to one caller at a time on top of that.
final class EngineWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private var engine: TesseractEngine?
    private let tessdata: String
    private let languages: String

    init(index: Int, tessdata: String, languages: String) {
        queue = DispatchQueue(label: "flusso.ocr.engine.\(index)", qos: .userInitiated)
        self.tessdata = tessdata
        self.languages = languages
    }

    /// Runs `body` on this worker's thread with its engine (created on first use, loaded once).
    func run<T: Sendable>(_ body: @escaping @Sendable (TesseractEngine) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    if self.engine == nil {
                        self.engine = try TesseractEngine(tessdata: self.tessdata, languages: self.languages)
                    }
                    continuation.resume(returning: try body(self.engine!))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Loads the models now (on the worker's thread) instead of on the first page.
    func warmUp() async throws {
        _ = try await run { _ in true }
    }

    /// Ends and deletes the Tesseract handles (on the worker's thread).
    func shutdown() {
        queue.sync { engine = nil }
    }
}

/// A fixed set of `EngineWorker`s, one per pipeline worker: a caller borrows a free one, or waits
/// in line for the next to come back. Models are loaded once per worker, never per page.
actor EnginePool {
    private let workers: [EngineWorker]
    private var free: [EngineWorker]
    private var waiting: [CheckedContinuation<EngineWorker, Never>] = []

    init(count: Int, tessdata: String, languages: String) {
        workers = (0..<max(1, count)).map { EngineWorker(index: $0, tessdata: tessdata, languages: languages) }
        free = workers
    }

    var size: Int { workers.count }

    /// Runs `body` on a borrowed worker's thread and gives the worker back.
    func withEngine<T: Sendable>(_ body: @escaping @Sendable (TesseractEngine) throws -> T) async throws -> T {
        let worker = await borrow()
        defer { giveBack(worker) }
        return try await worker.run(body)
    }

    func warmUp() async throws {
        for worker in workers { try await worker.warmUp() }
    }

    func shutdown() {
        for worker in workers { worker.shutdown() }
    }

    private func borrow() async -> EngineWorker {
        if let worker = free.popLast() { return worker }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func giveBack(_ worker: EngineWorker) {
        if waiting.isEmpty {
            free.append(worker)
        } else {
            waiting.removeFirst().resume(returning: worker)
        }
    }
}
