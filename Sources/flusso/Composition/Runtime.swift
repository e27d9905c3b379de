import DocumentText
import Embeddings
import FlussoCore
import FlussoServer
import Foundation
import Generation
import Guardrails
import Knowledge
import Logging
import Pipeline
import WebhookHTTP

/// The composition root: builds, in one pass and in dependency order, the adapters a command
/// needs (each through its `Adapters.make…`), and assembles the steps, the workers and the API
/// from them. Steps, the API and the workers only ever see the ports; commands take what they
/// need from here and build no adapter themselves.
struct Runtime: Sendable {
    /// The parts a command asks for; everything else is left unbuilt (no database opened for
    /// `flusso embed`, no embedder probed for `flusso tickets list`).
    struct Needs: OptionSet, Sendable {
        let rawValue: Int
        /// The persistence backend and the object store.
        static let storage = Needs(rawValue: 1 << 0)
        static let embedder = Needs(rawValue: 1 << 1)
        /// The knowledge base (with storage and the embedder).
        static let knowledge = Needs(rawValue: 1 << 2)
        static let documentText = Needs(rawValue: 1 << 3)
        static let classifier = Needs(rawValue: 1 << 4)
        /// The generation chain (with storage: its cache and audit records).
        static let generator = Needs(rawValue: 1 << 5)
        /// The guardrail chain (with the embedder when `guardrails.embedding_weight` > 0).
        static let guardrails = Needs(rawValue: 1 << 6)
        /// Everything the ten steps use.
        static let pipeline: Needs = [.storage, .knowledge, .documentText, .classifier, .generator, .guardrails]
    }

    let settings: FlussoSettings
    let needs: Needs
    let logger: Logger
    let signal = WorkSignal()
    let metrics = StepMetrics()
    /// This process's webhook dispatcher's counters (`GET /metrics`).
    let webhookMetrics = WebhookMetrics()
    let clock: any PipelineClock = SystemClock()
    /// The PII redactor the guardrails, the audit records and `redact_pii` endpoints share.
    let redactor = Adapters.makeRedactor()
    let chatClient: ChatCompletionClient
    let extractive = Adapters.makeExtractiveGenerator()
    /// The safety rules the guardrail chain was built with (nil unless `.guardrails` and the
    /// safety check is on).
    let safetyRules: SafetyRuleSet?

    private let builtPersistence: Persistence?
    private let builtObjects: (any ObjectStore)?
    /// The configured embedder; nil unless asked for.
    let embedder: EmbedderChoice?
    /// The knowledge base; nil unless asked for.
    let knowledge: KnowledgeBase?
    /// The retrieve step's engine: the knowledge base when it holds chunks (nil: the step is skipped).
    let retriever: (any KnowledgeRetriever)?
    /// Step 2's customer directory and asset registry (built with `.pipeline`).
    let enrichmentSources: (customers: any CustomerDirectory, assets: any AssetRegistry)?
    /// Step 2's similar-ticket index (built with `.knowledge` unless `enrich.similar_tickets` is 0).
    let similarTickets: (any SimilarTicketIndex)?
    /// Step 3's engine pool; nil when not asked for or `ocr.enabled` is false.
    let documentText: LocalDocumentTextExtractor?
    let classifier: ClassifierChoice?
    let generator: (any SolutionGenerator)?
    /// Step 7's chain (the `SolutionGuard` port); nil when not asked for or disabled.
    let guardrails: GuardrailChain?

    /// Builds what `needs` asks for. `announce` (servers and workers) logs an empty knowledge base
    /// as a warning; one-shot commands keep stderr to their own lines.
    init(settings: FlussoSettings, needs: Needs, announce: Bool = false) async throws {
        self.settings = settings
        self.needs = needs
        logger = Logger(label: "flusso")
        chatClient = Adapters.makeChatClient()
        // What can be refused at once is checked before anything slow (opening the database,
        // probing an embedding server, rebuilding an index): the rules file and the classifier model.
        safetyRules = needs.contains(.guardrails) ? try Adapters.loadSafetyRules(settings.guardrails) : nil
        classifier = needs.contains(.classifier) ? try Adapters.makeClassifier(settings.classifier, logger: logger) : nil
        // Built first: the knowledge base reads PDF manuals with it. Models load on first use.
        let builtDocumentText = needs.contains(.documentText) ? Adapters.makeDocumentTextExtractor(settings.ocr) : nil
        documentText = builtDocumentText
        let storage = !needs.isDisjoint(with: [.storage, .knowledge, .generator])
        builtPersistence = storage ? try Adapters.makePersistence(settings.persistence) : nil
        builtObjects = storage ? try Adapters.makeObjectStore(settings.objects) : nil
        let weighsEmbeddings = needs.contains(.guardrails) && settings.guardrails.enabled && settings.guardrails.embeddingWeight > 0
        embedder =
            needs.contains(.embedder) || needs.contains(.knowledge) || weighsEmbeddings
            ? try await Adapters.makeEmbedder(settings.embeddings, logger: Logger(label: "flusso.embeddings")) : nil
        if needs.contains(.knowledge), let persistence = builtPersistence {
            // One ticket's query is embedded once for steps 2, 5 and 8 (similar tickets, retrieval,
            // indexing the finished ticket): both users share one memoizing wrapper.
            let shared = embedder.map { MemoizedQueryEmbedder($0.embedder) }
            let vectors = try Adapters.makeVectorIndex(settings.vectors, embedder: shared)
            let kb = try await Adapters.makeKnowledgeBase(
                settings.knowledge, store: persistence.knowledgeStore, embedder: shared,
                vectors: vectors, documentText: builtDocumentText, manuals: settings.manualReading)
            similarTickets =
                try shared.flatMap {
                    settings.similarTickets > 0
                        ? try Adapters.makeSimilarTicketIndex(
                            persistence: persistence, embedder: $0, directory: settings.knowledge.indexDirectory,
                            logger: Logger(label: "flusso.similar"))
                        : nil
                }
            knowledge = kb
            if try await kb.store.chunkCount() == 0 {
                if announce { logger.warning("the knowledge base is empty: the retrieve step will be skipped (run `flusso kb ingest kb/`)") }
                retriever = nil
            } else {
                retriever = kb
            }
        } else {
            knowledge = nil
            retriever = nil
            similarTickets = nil
        }
        if needs.isSuperset(of: .pipeline), let persistence = builtPersistence {
            enrichmentSources = try Adapters.makeEnrichmentSources(
                settings.enrichmentSources, persistence: persistence, logger: Logger(label: "flusso.enrich"))
        } else {
            enrichmentSources = nil
        }
        if needs.contains(.generator), let persistence = builtPersistence, let objects = builtObjects {
            generator = Adapters.makeGenerator(
                settings.generation, client: chatClient, extractive: extractive, cache: persistence.solutionCache,
                objects: objects, redactAudit: settings.guardrails.redactAudit, redactor: redactor,
                clock: clock, logger: Logger(label: "flusso.generate"))
        } else {
            generator = nil
        }
        guardrails =
            needs.contains(.guardrails)
            ? try Adapters.makeGuardrails(
                settings.guardrails, rules: safetyRules, embedder: weighsEmbeddings ? embedder?.embedder : nil, redactor: redactor,
                logger: logger)
            : nil
    }

    /// The persistence backend's ports (built with `.storage`).
    var persistence: Persistence {
        guard let builtPersistence else { preconditionFailure("Runtime built without .storage") }
        return builtPersistence
    }

    /// The object store (built with `.storage`).
    var objects: any ObjectStore {
        guard let builtObjects else { preconditionFailure("Runtime built without .storage") }
        return builtObjects
    }

    var store: any TicketStore { persistence.store }
    var queue: any JobQueue { persistence.queue }
    var feedback: any FeedbackStore { persistence.feedback }

    /// Ends and deletes the Tesseract handles (otherwise Tesseract reports leaks at exit).
    func shutdown() async {
        await documentText?.shutdown()
    }

    var intake: IntakeService {
        IntakeService(store: store, objects: objects, signal: signal, clock: clock, limits: settings.limits)
    }

    /// The ten steps over the built engines (needs `.pipeline`).
    func processor() -> TicketProcessor {
        precondition(needs.isSuperset(of: .pipeline), "Runtime built without .pipeline")
        let ocr =
            documentText.map {
                OCRStep(
                    extractor: $0, objects: objects, options: settings.ocr.options,
                    files: Adapters.makeAttachmentReader(settings.ocr), timeout: settings.ocr.stepTimeout)
            } ?? OCRStep()
        guard let sources = enrichmentSources else { preconditionFailure("Runtime built without .pipeline") }
        var steps = StandardPipeline.steps(
            objects: objects, publisher: Adapters.makePublisher(settings.publisher, persistence: persistence),
            clock: clock,
            enrich: EnrichStep(
                customers: sources.customers, assets: sources.assets, similar: similarTickets,
                similarTickets: settings.similarTickets, slaCalendar: settings.sla, clock: clock,
                timeout: settings.enrichmentSources.stepTimeout), ocr: ocr,
            classifier: classifier?.classifier,
            classifierUnavailableReason: classifier?.unavailableReason ?? "no ticket classifier is configured",
            retriever: retriever, generator: generator, generateTimeout: settings.generation.stepTimeout,
            guardrails: guardrails, similarTickets: similarTickets)
        if settings.stepDelay > .zero {
            steps = steps.map { DelayedStep($0, delay: settings.stepDelay) }
        }
        return TicketProcessor(
            steps: steps, store: store, runner: StepRunner(clock: clock), clock: clock, metrics: metrics,
            logger: Logger(label: "flusso.pipeline"))
    }

    func workerPool(workers: Int) -> WorkerPool {
        var configuration = settings.workers
        configuration.workers = workers
        return WorkerPool(
            configuration: configuration, queue: queue, store: store, processor: processor(), signal: signal,
            clock: clock, logger: Logger(label: "flusso.worker"))
    }

    /// Step 9's deliverer over the outbox (needs `.storage`); it idles when `webhooks.enabled` is false.
    func webhookDispatcher() -> WebhookDispatcher {
        WebhookDispatcher(
            settings: settings.webhooks.dispatch, deliveries: persistence.deliveries, subscriptions: persistence.webhooks,
            transport: HTTPWebhookTransport(settings: settings.webhooks.transport), tickets: persistence.store, metrics: webhookMetrics,
            clock: clock,
            logger: Logger(label: "flusso.webhooks"))
    }

    func api(workers: Int) throws -> FlussoAPI {
        FlussoAPI(
            intake: intake, store: store, queue: queue, feedback: feedback, webhooks: persistence.webhooks,
            deliveries: persistence.deliveries, metrics: metrics, webhookMetrics: webhookMetrics,
            authenticator: try APIKeyAuthenticator(hashes: settings.apiKeyHashes), configuration: settings.api,
            clock: clock, workers: workers, classifierControl: classifier?.control, reviews: persistence.reviews)
    }
}

extension Runtime {
    /// The knowledge base (needs `.knowledge`), for the `kb` commands.
    func openKnowledge() -> KnowledgeBase {
        guard let knowledge else { preconditionFailure("Runtime built without .knowledge") }
        return knowledge
    }
}

extension Runtime {
    /// The groundedness check alone (for `flusso guard eval`'s labelled sets).
    func groundednessCheck(embedder: (any Embedder)?) -> GroundednessGuardrail {
        Adapters.makeGroundednessCheck(settings.guardrails, embedder: embedder)
    }

    /// The safety check alone over the loaded rules (for `flusso guard eval`); nil without them.
    func safetyCheck() -> SafetyGuardrail? {
        safetyRules.map(Adapters.makeSafetyCheck)
    }
}
