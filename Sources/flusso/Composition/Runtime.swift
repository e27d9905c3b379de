import DocumentText
import FlussoCore
import FlussoServer
import Foundation
import LocalStore
import Logging
import Pipeline

/// The composition root: the one place that picks adapters for the ports. Steps, the API and
/// the workers only ever see the ports.
struct Runtime: Sendable {
    let settings: FlussoSettings
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let queue: SQLiteJobQueue
    let objects: FileObjectStore
    let outbox: SQLiteOutbox
    let feedback: SQLiteFeedbackStore
    let signal = WorkSignal()
    let metrics = StepMetrics()
    let clock: any PipelineClock = SystemClock()
    let logger: Logger
    /// Step 3's engine pool (models load on first use); nil when `ocr.enabled` is false.
    let documentText: LocalDocumentTextExtractor?

    init(settings: FlussoSettings) throws {
        self.settings = settings
        var logger = Logger(label: "flusso")
        logger.logLevel = settings.logLevel
        self.logger = logger
        database = try SQLiteDatabase(directory: settings.dataDirectory)
        store = SQLiteTicketStore(database: database)
        queue = SQLiteJobQueue(database: database)
        objects = try FileObjectStore(root: (settings.dataDirectory as NSString).appendingPathComponent("objects"))
        outbox = SQLiteOutbox(database: database)
        feedback = SQLiteFeedbackStore(database: database)
        documentText = settings.ocr.enabled
            ? LocalDocumentTextExtractor(engines: settings.ocr.engines, defaults: settings.ocr.options, tessdata: settings.ocr.tessdata)
            : nil
    }

    /// Ends and deletes the Tesseract handles (otherwise Tesseract reports leaks at exit).
    func shutdown() async {
        await documentText?.shutdown()
    }

    var ocrStep: OCRStep {
        guard let documentText else { return OCRStep() }
        return OCRStep(extractor: documentText, objects: objects, options: settings.ocr.options,
                       allowedRoots: settings.ocr.allowedRoots, timeout: settings.ocr.stepTimeout)
    }

    var intake: IntakeService {
        IntakeService(store: store, objects: objects, signal: signal, clock: clock, limits: settings.limits)
    }

    var processor: TicketProcessor {
        var log = Logger(label: "flusso.pipeline")
        log.logLevel = settings.logLevel
        var steps = StandardPipeline.steps(objects: objects, publisher: outbox, clock: clock, ocr: ocrStep)
        if settings.stepDelay > .zero {
            steps = steps.map { DelayedStep($0, delay: settings.stepDelay) }
        }
        return TicketProcessor(steps: steps,
                               store: store, runner: StepRunner(clock: clock), clock: clock, metrics: metrics, logger: log)
    }

    func workerPool(workers: Int) -> WorkerPool {
        var configuration = settings.workers
        configuration.workers = workers
        var log = Logger(label: "flusso.worker")
        log.logLevel = settings.logLevel
        return WorkerPool(configuration: configuration, queue: queue, store: store, processor: processor, signal: signal,
                          clock: clock, logger: log)
    }

    func api(workers: Int) throws -> FlussoAPI {
        FlussoAPI(intake: intake, store: store, queue: queue, feedback: feedback, metrics: metrics,
                  authenticator: try APIKeyAuthenticator(hashes: settings.apiKeyHashes), configuration: settings.api,
                  clock: clock, workers: workers)
    }
}
