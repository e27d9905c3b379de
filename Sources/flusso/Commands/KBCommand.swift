import ArgumentParser
import FlussoCore
import Foundation
import Knowledge

/// `flusso kb ingest|search|stats`: the knowledge base of step 5.
struct KBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base (ingest, search, stats).",
        subcommands: [Ingest.self, Search.self, Stats.self, Evaluate.self])

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Ingest Markdown, text, PDF, JSONL chunks and mapped error-code catalogues (files or directories).",
            discussion:
                "Re-ingesting is incremental: unchanged documents are skipped, changed ones replaced, and documents gone from an ingested directory removed. Exit code 2 when some files were rejected (the rest is ingested)."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Files or directories.") var paths: [String]
        @Option(name: .customLong("catalogue-mapping"), help: "A catalogue mapping file (repeatable), added to kb.catalogue_mapping_files.")
        var catalogueMappings: [String] = []
        @Option(name: .customLong("product-model"), help: "A product model for documents that name none (repeatable).")
        var productModels: [String] = []
        @Option(name: .customLong("product-type"), help: "A product type for documents that name none (repeatable).")
        var productTypes: [String] = []
        @Option(help: "The language (en, it, en-GB) of documents that name none.") var language: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var rejected = false
            try await reportingErrors {
                guard !paths.isEmpty else { throw FlussoError(.invalidParameter, "give at least one file or directory") }
                if let language, language.range(of: #"^[A-Za-z]{2,3}(-[A-Za-z]{2})?$"#, options: .regularExpression) == nil {
                    throw FlussoError(.invalidParameter, "--language takes a language code such as en, it or en-GB, not '\(language.prefix(40))'")
                }
                for model in productModels + productTypes where model.trimmingCharacters(in: .whitespaces).isEmpty || model.count > 100 {
                    throw FlussoError(.invalidParameter, "--product-model and --product-type take a name of 1 to 100 characters")
                }
                let defaults = IngestDefaults(productTypes: productTypes, productModels: productModels, language: language)
                var overrides: [String: String] = [:]
                if !catalogueMappings.isEmpty {
                    // Command-line paths are the user's, relative to the working directory.
                    let given = catalogueMappings.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                    overrides["kb.catalogue_mapping_files"] = (try global.settings().catalogueMappingFiles + given).joined(separator: ",")
                }
                // PDF manuals are read with the document text engine (text layer, OCR for scanned pages).
                overrides["ocr.enabled"] = "true"
                let runtime = try await Runtime(settings: try global.settings(overrides: overrides), needs: [.knowledge, .documentText])
                let kb = runtime.openKnowledge()
                let report: IngestReport
                do {
                    report = try await kb.ingest(paths, defaults: defaults) { line in
                        FileHandle.standardError.write(Data("ingest: \(line)\n".utf8))
                    }
                    await runtime.shutdown()
                } catch {
                    await runtime.shutdown()
                    throw error
                }
                rejected = !report.issues.isEmpty
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(report, pretty: true), as: UTF8.self))
                } else {
                    printOut(
                        "added \(report.added), updated \(report.updated), unchanged \(report.unchanged), removed \(report.removed); "
                            + "\(report.chunksWritten) chunks in \(String(format: "%.2f", report.seconds)) s "
                            + "(\(String(format: "%.0f", report.chunksPerSecond)) chunks/s, embedder \(report.embedderModelID ?? "none: lexical only"))"
                    )
                    for issue in report.issues {
                        printOut("rejected \(issue.file)\(issue.line.map { ":\($0)" } ?? ""): \(issue.code): \(issue.message)")
                    }
                }
            }
            if rejected { throw ExitCode(2) }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "search", abstract: "Hybrid search, as the retrieve step does it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The query text.") var query: String
        @Option(name: .customLong("product-model"), help: "Filter on this product model (relaxed when too few match).") var productModel: String?
        @Option(name: .customLong("error-code"), help: "Filter on this error code (relaxed when too few match).") var errorCode: String?
        @Option(help: "Results to return (1-50).") var k: Int = 5
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                // Bad arguments fail before the embedder is probed (whose warnings would add lines).
                guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw FlussoError(.invalidQuery, "the query text is empty")
                }
                guard (1...50).contains(k) else { throw FlussoError(.invalidQuery, "k must be between 1 and 50, got \(k)") }
                let kb = try await Runtime(settings: try global.settings(), needs: .knowledge).openKnowledge()
                let result: RetrievalResult
                do {
                    result = try await kb.search(KnowledgeQuery(text: query, productModel: productModel, errorCode: errorCode, k: k))
                } catch let error as KnowledgeError {
                    throw error.flussoError
                }
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(result, pretty: true), as: UTF8.self))
                    return
                }
                printOut("filter level \(result.filterLevel.rawValue), \(String(format: "%.1f", result.durationMilliseconds)) ms")
                for r in result.results {
                    printOut("\(r.rank). \(r.chunk.chunkID)  score \(String(format: "%.3f", r.score))  \(r.chunk.citation)")
                    printOut("   \(r.reason)")
                }
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Documents, chunks, vectors, languages, models.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let kb = try await Runtime(settings: try global.settings(), needs: .knowledge).openKnowledge()
                let stats = try await kb.stats()
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(stats, pretty: true), as: UTF8.self))
                } else {
                    printOut(
                        "\(stats.documents) documents, \(stats.chunks) chunks, \(stats.vectors) vectors (\(stats.embedderModelID ?? "no embedder"))")
                    printOut("languages: \(stats.languages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
                    printOut("product models: \(stats.productModels.joined(separator: ", ")); error codes: \(stats.errorCodes)")
                }
            }
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Recall@1/@5, MRR@10 and latency p50/p95 of labelled queries, for hybrid, dense-only and BM25-only search.")
        @OptionGroup var global: GlobalOptions
        @Argument(
            help:
                "JSONL: {\"query\", \"product_model\"?, \"error_code\"?, \"language\"?, \"relevant\": [chunk or document ids] and/or \"relevant_text\": [quotes of the answering passage]}."
        ) var queries: String
        @Option(help: "Comma-separated modes: hybrid, dense, lexical (dense needs an embedder).") var modes: String = "hybrid,dense,lexical"
        @Option(help: "Write every candidate of the hybrid searches, with its features and relevance, to this JSONL file (for tuning the re-ranker).")
        var candidates: String?
        @Flag(help: "Evaluate even when some queries' labels match no chunk (they count as misses).") var allowUnmatched = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                var selected: [SearchMode] = []
                for name in modes.split(separator: ",") {
                    guard let mode = SearchMode(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                        throw FlussoError(.invalidParameter, "unknown mode '\(name)' (hybrid, dense, lexical)")
                    }
                    selected.append(mode)
                }
                if let candidates {
                    guard selected.contains(.hybrid) else {
                        throw FlussoError(.invalidParameter, "--candidates \(candidates) records the hybrid searches: add hybrid to --modes")
                    }
                    // Checked before the searches, which can take minutes.
                    guard FileManager.default.createFile(atPath: candidates, contents: Data()) else {
                        throw FlussoError(.invalidParameter, "cannot write \(candidates)")
                    }
                }
                let kb = try await Runtime(settings: try global.settings(), needs: .knowledge).openKnowledge()
                let report: EvaluationReport
                do {
                    let set = try EvaluationQuery.load(queries)
                    let unmatched = try await kb.unmatchedQueries(set)
                    if !unmatched.isEmpty {
                        let lines = unmatched.prefix(8).compactMap(\.line).map(String.init).joined(separator: ", ")
                        let message =
                            "\(unmatched.count) of \(set.count) queries in \(queries) have labels that match no chunk of this knowledge base (lines \(lines)\(unmatched.count > 8 ? ", …" : ""))"
                        guard allowUnmatched else {
                            throw FlussoError(
                                .invalidLabel,
                                message
                                    + ": the labels were written for other documents (or another version); fix them, or pass --allow-unmatched to count them as misses"
                            )
                        }
                        FileHandle.standardError.write(Data(("warning: " + message + "; they count as misses\n").utf8))
                    }
                    report = try await kb.evaluate(set, modes: selected, recordCandidates: candidates != nil)
                } catch let error as KnowledgeError {
                    throw error.flussoError
                }
                if let candidates {
                    var out = Data()
                    for record in report.candidates {
                        out.append(try FlussoJSON.encode(record))
                        out.append(0x0A)
                    }
                    guard FileManager.default.createFile(atPath: candidates, contents: out) else {
                        throw FlussoError(.invalidParameter, "cannot write \(candidates)")
                    }
                }
                let figures = report.figures
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(figures, pretty: true), as: UTF8.self))
                    return
                }
                printOut("mode       queries  recall@1  recall@5    MRR   p50 ms   p95 ms")
                for f in figures {
                    printOut(
                        String(
                            format: "%-9@ %8d %9.3f %9.3f %6.3f %8.2f %8.2f", f.mode.rawValue as NSString, f.queries, f.recallAt1,
                            f.recallAt5, f.mrr, f.latencyP50Milliseconds, f.latencyP95Milliseconds))
                }
            }
        }
    }
}
