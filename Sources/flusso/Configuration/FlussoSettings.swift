import FlussoCore
import FlussoServer
import Foundation
import Knowledge
import Logging
import Pipeline

/// The typed settings every command runs with, built from the resolved configuration.
struct FlussoSettings: Sendable {
    var dataDirectory: String
    /// Where resources are read from; nil when none was found (relative resource paths are then
    /// refused at start-up).
    var home: ResourceHome?
    var logLevel: Logger.Level
    var host: String
    var port: Int
    var apiKeyHashes: [String]
    var shutdownGrace: Duration
    var api: APIConfiguration
    var workers: WorkerPoolConfiguration
    var limits: SubmissionLimits
    /// Fault injection: a pause before every worker step (zero = off).
    var stepDelay: Duration
    var persistence: PersistenceBackend
    var objects: ObjectsBackend
    var classifier: ClassifierBackend
    var publisher: PublisherBackend
    var vectors: VectorsBackend
    var ocr: OCRSettings
    var embeddings: EmbeddingSettings
    var generation: GenerationSettings
    var guardrails: GuardrailsSettings
    /// `kb.catalogue_mapping_files`, resolved against the home.
    var catalogueMappingFiles: [String]
    var knowledge: KnowledgeSettings
    /// Step 2's sources (`enrich.http.*`).
    var enrichmentSources: EnrichmentSourceSettings
    /// `enrich.similar_tickets`: similar finished tickets on each ticket (0 = no search).
    var similarTickets: Int
    /// How a tier's SLA hours are counted (`sla.*`).
    var sla: SLACalendar
    /// How `flusso kb ingest` reads PDF manuals: the OCR settings with `kb.pdf_max_pages` and
    /// `kb.pdf_max_bytes` as limits.
    var manualReading: DocumentTextOptions
    /// Step 9's dispatcher and its HTTP transport (`webhooks.*`).
    var webhooks: WebhookSettings
    /// The text values behind these settings, only for `config show`.
    private let resolved: ResolvedConfiguration

    /// Every key is parsed and validated here, once, so a bad value fails at start-up.
    init(_ resolved: ResolvedConfiguration) throws {
        self.resolved = resolved
        dataDirectory = resolved.string("data_dir")
        let home = try ResourceHome.resolve(configured: resolved.string("home"))
        self.home = home
        guard let level = Logger.Level(rawValue: resolved.string("log.level").lowercased()) else {
            throw FlussoError(.invalidConfiguration, "log.level must be trace, debug, info, notice, warning, error or critical")
        }
        logLevel = level
        host = resolved.string("server.host")
        port = resolved.int("server.port")
        guard (0...65535).contains(port) else { throw FlussoError(.invalidConfiguration, "server.port must be 0 to 65535") }
        apiKeyHashes = resolved.list("server.api_key_hashes")
        shutdownGrace = .milliseconds(Int64(resolved.double("server.shutdown_grace_s") * 1000))
        api = APIConfiguration()
        api.bodyLimit = resolved.int("server.body_limit_bytes")
        guard api.bodyLimit >= 1024 else { throw FlussoError(.invalidConfiguration, "server.body_limit_bytes must be at least 1024") }
        guard (10...60_000).contains(resolved.int("server.events_poll_ms")) else {
            throw FlussoError(.invalidConfiguration, "server.events_poll_ms must be 10 to 60000")
        }
        api.eventsPoll = .milliseconds(Int64(resolved.int("server.events_poll_ms")))
        let keepAlive = resolved.double("server.events_keepalive_s")
        guard keepAlive >= 0.1, keepAlive <= 3600 else {
            throw FlussoError(.invalidConfiguration, "server.events_keepalive_s must be 0.1 to 3600")
        }
        api.eventsKeepAlive = .milliseconds(Int64(keepAlive * 1000))
        let grace = resolved.double("webhooks.rotation_grace_s")
        guard grace >= 0, grace <= 30 * 86_400 else {
            throw FlussoError(.invalidConfiguration, "webhooks.rotation_grace_s must be 0 to 2592000 (30 days)")
        }
        api.secretRotationGrace = .milliseconds(Int64(grace * 1000))
        api.maxEventStreams = resolved.int("server.max_event_streams")
        guard (1...10_000).contains(api.maxEventStreams) else {
            throw FlussoError(.invalidConfiguration, "server.max_event_streams must be 1 to 10000")
        }
        workers = WorkerPoolConfiguration()
        workers.workers = resolved.int("workers.count")
        guard (0...256).contains(workers.workers) else { throw FlussoError(.invalidConfiguration, "workers.count must be 0 to 256") }
        workers.visibilityTimeout = .milliseconds(Int64(resolved.double("queue.visibility_timeout_s") * 1000))
        guard workers.visibilityTimeout >= .milliseconds(300) else {
            throw FlussoError(.invalidConfiguration, "queue.visibility_timeout_s must be at least 0.3")
        }
        workers.maxReceives = resolved.int("queue.max_receives")
        guard workers.maxReceives >= 1 else { throw FlussoError(.invalidConfiguration, "queue.max_receives must be at least 1") }
        workers.retryDelay = .milliseconds(Int64(resolved.double("queue.retry_delay_s") * 1000))
        workers.idlePoll = .milliseconds(Int64(max(1, resolved.int("queue.idle_poll_ms"))))
        workers.name = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        limits = SubmissionLimits()
        limits.maxAttachments = resolved.int("limits.max_attachments")
        limits.maxAttachmentBytes = resolved.int("limits.max_attachment_bytes")
        limits.maxSymptomCharacters = resolved.int("limits.max_symptom_characters")
        limits.allowPrivateCallbacks = try resolved.bool("webhooks.allow_private")
        api.allowPrivateWebhooks = limits.allowPrivateCallbacks
        stepDelay = .milliseconds(Int64(max(0, resolved.int("faults.step_delay_ms"))))
        persistence = .sqlite(directory: dataDirectory)
        objects = try ObjectsBackend(resolved, dataDirectory: dataDirectory)
        classifier = try ClassifierBackend(resolved, home: home)
        publisher = .outbox
        ocr = try OCRSettings(resolved, workers: workers.workers)
        embeddings = try EmbeddingSettings(resolved, home: home)
        generation = try GenerationSettings(resolved)
        guardrails = try GuardrailsSettings(resolved, home: home)
        catalogueMappingFiles = try resolved.list("kb.catalogue_mapping_files").map {
            try home.resolving($0, key: "kb.catalogue_mapping_files")
        }
        knowledge = try KnowledgeSettings(
            resolved, dataDirectory: dataDirectory, mappingFiles: catalogueMappingFiles,
            languages: embeddings.languages)
        vectors = .hnsw(directory: knowledge.indexDirectory)
        enrichmentSources = try EnrichmentSourceSettings(resolved, home: home)
        similarTickets = resolved.int("enrich.similar_tickets")
        guard (0...50).contains(similarTickets) else { throw FlussoError(.invalidConfiguration, "enrich.similar_tickets must be 0 to 50") }
        webhooks = try WebhookSettings(resolved, allowPrivate: limits.allowPrivateCallbacks)
        manualReading = ocr.options
        manualReading.maxPages = resolved.int("kb.pdf_max_pages")
        guard (1...PDFManualLimits.maxPages).contains(manualReading.maxPages) else {
            throw FlussoError(.invalidConfiguration, "kb.pdf_max_pages must be 1 to \(PDFManualLimits.maxPages)")
        }
        manualReading.maxBytes = resolved.int("kb.pdf_max_bytes")
        guard (1024...(2 << 30)).contains(manualReading.maxBytes) else {
            throw FlussoError(.invalidConfiguration, "kb.pdf_max_bytes must be 1024 to 2147483648")
        }
        sla = try SLACalendar(
            timeZone: resolved.string("sla.time_zone"), workingHours: resolved.string("sla.business_hours"),
            workingDays: resolved.list("sla.business_days"), holidays: resolved.list("sla.holidays"))
    }

    /// `key = value  # source` for every key, secrets masked (`flusso config show`).
    func rendered() -> String { resolved.rendered() }

    /// With no API keys the server may only listen on loopback.
    func checkBindAllowed() throws {
        let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]
        if apiKeyHashes.isEmpty && !loopback.contains(host) {
            throw FlussoError(
                .invalidConfiguration,
                "refusing to bind \(host) without API keys: set server.api_key_hashes (see `flusso config hash-key`) or bind 127.0.0.1")
        }
    }
}

/// Step 3's settings (`ocr.*` keys).
struct OCRSettings: Sendable {
    var enabled: Bool
    var options: DocumentTextOptions
    var allowedRoots: [String]
    var engines: Int
    var stepTimeout: Duration
    var tessdata: String?

    init(_ resolved: ResolvedConfiguration, workers: Int) throws {
        enabled = try resolved.bool("ocr.enabled")
        options = DocumentTextOptions(
            languages: resolved.string("ocr.languages"), dpi: resolved.int("ocr.dpi"),
            maxBytes: resolved.int("ocr.max_attachment_bytes"), maxPages: resolved.int("ocr.max_pages"),
            secondsPerPage: resolved.double("ocr.seconds_per_page"),
            maxPagePixels: resolved.int("ocr.max_page_pixels"))
        guard !options.languages.isEmpty else { throw FlussoError(.invalidConfiguration, "ocr.languages must not be empty") }
        guard (50...1200).contains(options.dpi) else { throw FlussoError(.invalidConfiguration, "ocr.dpi must be 50 to 1200") }
        guard options.maxBytes >= 1, options.maxPages >= 1, options.secondsPerPage > 0, options.maxPagePixels >= 1_000_000 else {
            throw FlussoError(
                .invalidConfiguration,
                "ocr.max_attachment_bytes, ocr.max_pages and ocr.seconds_per_page must be positive; ocr.max_page_pixels at least 1000000")
        }
        allowedRoots = resolved.list("ocr.allowed_roots")
        for root in allowedRoots where !root.hasPrefix("/") {
            throw FlussoError(.invalidConfiguration, "ocr.allowed_roots entries must be absolute paths ('\(root)' is not)")
        }
        let configured = resolved.int("ocr.engines")
        guard (0...64).contains(configured) else { throw FlussoError(.invalidConfiguration, "ocr.engines must be 0 to 64") }
        engines = configured > 0 ? configured : max(1, workers)
        stepTimeout = .milliseconds(Int64(max(1, resolved.double("ocr.step_timeout_s")) * 1000))
        let directory = resolved.string("ocr.tessdata")
        tessdata = directory.isEmpty ? nil : directory
    }
}
