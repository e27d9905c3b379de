import Foundation

/// The steps of one ticket, in the order they run. `feedback` is recorded when feedback arrives.
/// The steps of one ticket. The cases' order is the design's order, the one list of it: records
/// sort by it and the pipeline runs `workerSteps` in it.
public enum StepName: String, Codable, Sendable, CaseIterable, Hashable {
    case intake, validate, enrich, ocr, classify, retrieve, generate
    case `guard` = "guard"
    case store, notify, feedback

    /// The steps a worker runs, in order: all but intake (`POST /tickets`) and feedback
    /// (`POST /tickets/{id}/feedback`).
    public static let workerSteps: [StepName] = allCases.filter { $0 != .intake && $0 != .feedback }

    /// Position in the design's order, used to sort records.
    public var order: Int { StepName.allCases.firstIndex(of: self)! }
}

/// How a step ended.
public enum StepStatus: String, Codable, Sendable, Hashable {
    /// The step did its work.
    case succeeded
    /// The step did part of its work and the ticket went on; `detail` says what is missing and
    /// why (e.g. a source that did not answer).
    case partial
    /// The step did not run, and `detail` says why (e.g. no engine configured).
    case skipped
    /// The step gave up after its attempts; `error` says why.
    case failed
}

/// The error a step record keeps. `code` is the name of a `FlussoErrorCode` (stored as text, so
/// records written by any version read back; `FlussoErrorCode.named(code)` gives the typed code).
public struct StepError: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var kind: ErrorKind
    public init(code: String, message: String, kind: ErrorKind) {
        self.code = code
        self.message = message
        self.kind = kind
    }
    public init(_ error: any Error) {
        let error = FlussoError(error)
        self.init(code: error.code.name, message: error.message, kind: error.kind)
    }
}

/// What happened in one step of one ticket: the history a user reads in `GET /tickets/{id}`.
public struct StepRecord: Codable, Sendable, Equatable {
    public var step: StepName
    public var status: StepStatus
    public var attempts: Int
    public var startedAt: Date
    public var finishedAt: Date
    public var durationMs: Double
    /// For `succeeded`: a short summary; for `partial` and `skipped`: the reason.
    public var detail: String?
    public var error: StepError?

    public init(
        step: StepName, status: StepStatus, attempts: Int, startedAt: Date, finishedAt: Date,
        durationMs: Double, detail: String? = nil, error: StepError? = nil
    ) {
        self.step = step
        self.status = status
        self.attempts = attempts
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationMs = durationMs
        self.detail = detail
        self.error = error
    }

    /// A finished step is never run again for the same ticket.
    public var isFinished: Bool { status != .failed }

    enum CodingKeys: String, CodingKey {
        case step, status, attempts
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationMs = "duration_ms"
        case detail, error
    }
}
