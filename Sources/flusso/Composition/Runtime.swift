import AWSAdapters
import DocumentText
import Knowledge
import FlussoCore
import FlussoServer
import Foundation
import Generation
import Guardrails
import LocalStore
import Logging
import Pipeline
import TextClassifier

/// The composition root: the one place that picks adapters for the ports. Steps, the API and
/// the workers only ever see the ports.
struct Runtime: Sendable {
    let settings: FlussoSettings
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let queue: SQLiteJobQueue
    let objects: any ObjectStore
    let outbox: SQLiteOutbox
    let feedback: SQLiteFeedbackStore
    let signal = WorkSignal()
    let metrics = StepMetrics()
    let clock: any PipelineClock = SystemClock()
    let logger: Logger
    /// The retrieve step's engine; set by `withKnowledge()` (nil: the step is skipped).
    private(set) var retriever: (any KnowledgeRetriever)?
    /// The embedder whose step-chunk similarity the groundedness check weighs
    /// (`guardrails.embedding_weight` > 0); set by `withKnowledge()`.
    private(set) var guardEmbedder: (any Embedder)?
    /// The PII redactor the guardrails, the audit records and `redact_pii` endpoints share.
    let redactor = PIIRedactor()
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
        objects = try ObjectStoreFactory.make(settings)
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

    /// The ticket classifier from `classifier.model_path`, or why there is none. A missing file
    /// is a warning (the classify step is skipped saying how to make one); a file that cannot be
    /// read (truncated, corrupted, incompatible) is an error.
    func ticketClassifier() throws -> (classifier: (any TicketClassifier)?, reason: String) {
        switch settings.resolved.string("classifier.backend").lowercased() {
        case "local": break
        case "sagemaker":
            let endpoint = settings.resolved.string("classifier.sagemaker_endpoint")
            guard !endpoint.isEmpty else {
                throw FlussoError(.invalidConfiguration, "classifier.backend sagemaker needs classifier.sagemaker_endpoint")
            }
            return (try SageMakerClassifier(endpointName: endpoint, configuration: try AWSSettings(settings.resolved).service()), "")
        case let other:
            throw FlussoError(.invalidConfiguration, "classifier.backend must be local or sagemaker, got '\(other)'")
        }
        let path = settings.classifierModelPath
        guard !path.isEmpty else { return (nil, "classifier.model_path is empty: no ticket classifier is configured") }
        guard FileManager.default.fileExists(atPath: path) else {
            let reason = "ticket classifier model \(path) not found; create it with scripts/train-classifier "
                + "(flusso classifier train --data training/tickets.jsonl --text-field symptom_text --label-field category --out \(path))"
            logger.warning("\(reason)")
            return (nil, reason)
        }
        let classifier = try LinearTicketClassifier(path: path)
        logger.debug("ticket classifier loaded", metadata: ["model": "\(path)", "model_id": "\(classifier.model.modelID)",
                                                           "labels": "\(classifier.model.labels.count)"])
        return (classifier, "")
    }

    /// Step 6's engine: the fallback chain over `generation.*` (nil when generation is disabled).
    func solutionGenerator() -> (any SolutionGenerator)? {
        let generation = settings.generation
        guard generation.enabled else { return nil }
        var log = Logger(label: "flusso.generate")
        log.logLevel = settings.logLevel
        return FallbackChainGenerator(endpoints: generation.endpoints, llmBudget: generation.llmBudget,
                                      cache: generation.cache ? SQLiteSolutionCache(database: database) : nil,
                                      audit: generation.audit
                                          ? GenerationAudit(objects: objects, redactor: settings.guardrails.redactAudit ? redactor : nil) : nil,
                                      clock: clock, logger: log, screen: PromptInjectionDetector(), redactor: redactor)
    }

    /// Step 7's engine: the guardrail chain over `guardrails.*` (nil when guardrails are disabled).
    /// A missing or invalid rules file, with the safety check in `guardrails.order`, is a start-up
    /// error naming the path tried.
    func solutionGuard() throws -> (any SolutionGuard)? {
        let guardrails = settings.guardrails
        guard guardrails.enabled else { return nil }
        let essential = ["structure", "pii", "citations", "groundedness", "safety"].filter { !guardrails.order.contains($0) }
        if !essential.isEmpty {
            logger.warning("guardrails.order leaves out checks a solution should pass: they will not run",
                           metadata: ["missing": "\(essential.joined(separator: ","))"])
        }
        let loaded = guardrails.loadRules()
        if let problem = loaded.problem, guardrails.order.contains("safety") {
            // Required: without them every solution would go to NEEDS_REVIEW, which hides the cause.
            throw FlussoError(.invalidConfiguration, "the safety rules (guardrails.safety_rules) could not be loaded: \(problem)")
        }
        do {
            return try GuardrailCatalog.chain(order: guardrails.order, settings: guardrails.thresholds, rules: loaded.rules,
                                              rulesProblem: loaded.problem, embedder: guardEmbedder, redactor: redactor)
        } catch {
            throw FlussoError(.invalidConfiguration, "\(error)")
        }
    }

    func processor() throws -> TicketProcessor {
        var log = Logger(label: "flusso.pipeline")
        log.logLevel = settings.logLevel
        let classification = try ticketClassifier()
        var steps = StandardPipeline.steps(objects: objects, publisher: outbox, clock: clock, ocr: ocrStep,
                                           classifier: classification.classifier, classifierUnavailableReason: classification.reason,
                                           retriever: retriever, generator: solutionGenerator(),
                                           generateTimeout: settings.generation.stepTimeout, guardrails: try solutionGuard())
        if settings.stepDelay > .zero {
            steps = steps.map { DelayedStep($0, delay: settings.stepDelay) }
        }
        return TicketProcessor(steps: steps,
                               store: store, runner: StepRunner(clock: clock), clock: clock, metrics: metrics, logger: log)
    }

    func workerPool(workers: Int) throws -> WorkerPool {
        var configuration = settings.workers
        configuration.workers = workers
        var log = Logger(label: "flusso.worker")
        log.logLevel = settings.logLevel
        return WorkerPool(configuration: configuration, queue: queue, store: store, processor: try processor(), signal: signal,
                          clock: clock, logger: log)
    }

    func api(workers: Int) throws -> FlussoAPI {
        FlussoAPI(intake: intake, store: store, queue: queue, feedback: feedback, metrics: metrics,
                  authenticator: try APIKeyAuthenticator(hashes: settings.apiKeyHashes), configuration: settings.api,
                  clock: clock, workers: workers)
    }

    /// The configured embedder (`embeddings.*`, `kb.languages`): see `EmbedderFactory.make`.
    func embedder() async throws -> (any Embedder)? {
        try await EmbedderFactory.make(settings.embeddings, logger: logger)
    }

    /// This runtime with the embedder the groundedness check weighs, when
    /// `guardrails.embedding_weight` > 0 (for `flusso guard eval`, which needs no knowledge base).
    func withEmbedderForGuardrails() async throws -> Runtime {
        var copy = self
        if settings.guardrails.embeddingWeight > 0 { copy.guardEmbedder = try await embedder() }
        return copy
    }

    /// This runtime with the knowledge base opened for the retrieve step. An empty knowledge base
    /// leaves the step skipped (its record says why); `announce` also logs it, for servers.
    func withKnowledge(announce: Bool = false) async throws -> Runtime {
        var copy = self
        let embedder = try await embedder()
        if settings.guardrails.embeddingWeight > 0 { copy.guardEmbedder = embedder }
        let kb = try await KnowledgeFactory.open(runtime: self, embedder: embedder, announce: announce)
        if try await kb.store.chunkCount() == 0 {
            if announce { logger.warning("the knowledge base is empty: the retrieve step will be skipped (run `flusso kb ingest kb/`)") }
            return copy
        }
        copy.retriever = kb
        return copy
    }
}
