import ArgumentParser
import FlussoCore
import Foundation
import Generation

/// `flusso bench generate`: each link of the generation chain on the same tickets, over the
/// configured knowledge base (used by `scripts/bench-generate`).
struct BenchGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Latency p50/p95 per link of the generation chain, share of LLM answers that parse and that cite only given chunks.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Tickets as JSONL, one POST /tickets body a line.") var tickets: String
    @Option(help: "Extractive runs per ticket (its latency is a few milliseconds; more runs steady the percentiles).") var repeats: Int = 20
    @Flag(help: "Print JSON.") var json = false

    struct LinkReport: Codable {
        var link: String
        var calls: Int
        var answered: Int
        /// LLM links: replies received (HTTP 200 with a completion), of which parsed, of which cited only given ids.
        var replies: Int?
        var parsed: Int?
        var citedOnlyGivenIDs: Int?
        var p50Ms: Double
        var p95Ms: Double
        var maxMs: Double
        var outcomes: [String: Int]
        var meanCompletionTokens: Double?

        enum CodingKeys: String, CodingKey {
            case link, calls, answered, replies, parsed
            case citedOnlyGivenIDs = "cited_only_given_ids"
            case p50Ms = "p50_ms"
            case p95Ms = "p95_ms"
            case maxMs = "max_ms"
            case outcomes
            case meanCompletionTokens = "mean_completion_tokens"
        }
    }

    func run() async throws {
        try await reportingErrors {
            guard repeats >= 1 else { throw FlussoError(.invalidParameter, "--repeats must be at least 1") }
            let settings = try global.settings()
            let lines = try String(contentsOfFile: tickets, encoding: .utf8).split(separator: "\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            var batch: [Ticket] = []
            for (number, line) in lines.enumerated() {
                do {
                    batch.append(try TicketSubmission.validate(try JSONValue.parse(Data(line.utf8)), limits: settings.limits, now: Date()).ticket)
                } catch {
                    throw FlussoError(.invalidTicket, "\(tickets):\(number + 1): \(error.flussoMessage)")
                }
            }
            guard !batch.isEmpty else { throw FlussoError(.invalidParameter, "\(tickets) holds no tickets") }
            let runtime = try await Runtime(settings: settings, needs: [.storage, .knowledge])
            guard let retriever = runtime.retriever else {
                throw FlussoError(.emptyKnowledgeBase, "the knowledge base is empty: run `flusso kb ingest kb/` on this data directory")
            }
            let client = runtime.chatClient
            var llm: [String: (times: [Double], outcomes: [String: Int], replies: Int, parsed: Int, clean: Int, tokens: [Int])] = [:]
            var extractiveTimes: [Double] = []
            var extractiveAnswered = 0
            var cacheTimes: [Double] = []
            var cacheHits = 0
            let cache = runtime.persistence.solutionCache
            for (index, ticket) in batch.enumerated() {
                let chunks = try await retriever.retrieve(for: ticket).results
                for endpoint in settings.generation.endpoints {
                    let result = try await LLMLink.ask(
                        endpoint, ticket: ticket, chunks: chunks, client: client,
                        deadline: ContinuousClock.now + settings.generation.llmBudget)
                    var entry = llm[result.link] ?? ([], [:], 0, 0, 0, [])
                    entry.times.append(result.durationMs)
                    entry.outcomes[result.outcome, default: 0] += 1
                    if let reply = result.reply {
                        entry.replies += 1
                        if result.outcome != "unparsable" && result.outcome != "invalid_answer" { entry.parsed += 1 }
                        if result.outcome == "answered" { entry.clean += 1 }
                        if let tokens = reply.completionTokens { entry.tokens.append(tokens) }
                    }
                    llm[result.link] = entry
                }
                if let code = ticket.errorCode, let model = ticket.asset?.model {
                    let start = ContinuousClock.now
                    if try await cache.similarSolvedTicket(errorCode: code, productModel: model, excludingTicketID: ticket.ticketID) != nil {
                        cacheHits += 1
                    }
                    cacheTimes.append(milliseconds(since: start))
                }
                for _ in 0..<repeats {
                    let start = ContinuousClock.now
                    let solution = runtime.extractive.generate(for: ticket, chunks: chunks, at: Date())
                    extractiveTimes.append(milliseconds(since: start))
                    if !solution.noDocumentedFix { extractiveAnswered += 1 }
                }
                if !json { FileHandle.standardError.write(Data("ticket \(index + 1)/\(batch.count)\n".utf8)) }
            }
            var reports: [LinkReport] = llm.keys.sorted().map { link in
                let e = llm[link]!
                return LinkReport(
                    link: link, calls: e.times.count, answered: e.clean, replies: e.replies, parsed: e.parsed,
                    citedOnlyGivenIDs: e.clean, p50Ms: Percentile.nearestRank(e.times, 0.5), p95Ms: Percentile.nearestRank(e.times, 0.95),
                    maxMs: e.times.max() ?? 0, outcomes: e.outcomes,
                    meanCompletionTokens: e.tokens.isEmpty ? nil : Double(e.tokens.reduce(0, +)) / Double(e.tokens.count))
            }
            reports.append(
                LinkReport(
                    link: "cache", calls: cacheTimes.count, answered: cacheHits, p50Ms: Percentile.nearestRank(cacheTimes, 0.5),
                    p95Ms: Percentile.nearestRank(cacheTimes, 0.95), maxMs: cacheTimes.max() ?? 0,
                    outcomes: ["answered": cacheHits, "no_match": cacheTimes.count - cacheHits]))
            reports.append(
                LinkReport(
                    link: "extractive", calls: extractiveTimes.count, answered: extractiveAnswered,
                    p50Ms: Percentile.nearestRank(extractiveTimes, 0.5), p95Ms: Percentile.nearestRank(extractiveTimes, 0.95),
                    maxMs: extractiveTimes.max() ?? 0,
                    outcomes: ["answered": extractiveAnswered, "no_documented_fix": extractiveTimes.count - extractiveAnswered]))
            await runtime.shutdown()
            if json {
                printOut(String(decoding: try FlussoJSON.encode(reports, pretty: true), as: UTF8.self))
                return
            }
            printOut("| link | calls | answered | parse | cite only given ids | p50 ms | p95 ms | max ms |")
            printOut("|---|---|---|---|---|---|---|---|")
            for r in reports {
                let parse = r.replies.map { $0 == 0 ? "–" : String(format: "%d/%d", r.parsed ?? 0, $0) } ?? "–"
                let clean = r.replies.map { $0 == 0 ? "–" : String(format: "%d/%d", r.citedOnlyGivenIDs ?? 0, $0) } ?? "–"
                printOut(
                    "| \(r.link) | \(r.calls) | \(r.answered) | \(parse) | \(clean) | \(String(format: "%.2f", r.p50Ms)) | \(String(format: "%.2f", r.p95Ms)) | \(String(format: "%.2f", r.maxMs)) |"
                )
            }
        }
    }
}
