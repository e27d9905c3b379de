import Crypto
import FlussoCore
import Foundation

/// The knowledge base of step 5: ingests documents into a `KnowledgeStore` and a vector index,
/// and answers hybrid searches (dense k-NN + BM25, fused by reciprocal rank, re-ranked).
///
/// Without an embedder the base still works, lexically: searches use BM25 and the result's
/// `embedderModelID` is nil, which the caller logs. The vectors are behind the `ChunkVectorIndex`
/// port (keyed by the store's chunk keys); the local adapter is `HNSWChunkIndex`.
public actor KnowledgeBase {
    public let store: any KnowledgeStore
    public let embedder: (any Embedder)?
    public let settings: KnowledgeSettings
    /// The embedder's vectors (the `ChunkVectorIndex` port); nil without an embedder.
    private let vectors: (any ChunkVectorIndex)?
    private let parsers: DocumentParsers
    /// The PDF reading options (pages, languages, resolution, time limits): other options may
    /// read other text, so they are part of an unchanged PDF's hash.
    private let pdfReadingFingerprint: String

    /// Opens the base over `vectors` (the index of `embedder`'s vectors), rebuilding it from the
    /// stored chunks when it is missing, stale or made by another embedder.
    public init(
        store: any KnowledgeStore, embedder: (any Embedder)?, vectors: (any ChunkVectorIndex)?, settings: KnowledgeSettings,
        pdfText: (@Sendable (Data, String) async throws -> DocumentText)? = nil, pdfReadingFingerprint: String = ""
    ) async throws {
        self.pdfReadingFingerprint = pdfReadingFingerprint
        self.store = store
        self.embedder = embedder
        self.vectors = embedder == nil ? nil : vectors
        self.settings = settings
        parsers = DocumentParsers(chunker: MarkdownChunker(settings: settings.chunking), catalogues: settings.catalogues, pdfText: pdfText)
        try await openIndex()
    }

    private func openIndex() async throws {
        guard let embedder, let vectors else { return }
        let summary = try await store.chunkSummary()
        let expected = ChunkVectorState(chunkCount: summary.count, maxKey: summary.maxKey)
        if await vectors.committedState() == expected { return }
        // Missing, stale or made by another embedder: re-embed every stored chunk.
        let chunks = try await store.allChunks()
        try await vectors.reset(capacity: chunks.count)
        var start = 0
        while start < chunks.count {
            let batch = Array(chunks[start..<min(start + 64, chunks.count)])
            let embedded = try await embedder.embed(batch.map { Self.passageText($0.chunk) }, role: .passage)
            // A chunk whose vector the index refuses stays searchable by BM25 only.
            for (item, vector) in zip(batch, embedded) { try? await vectors.insert(key: item.key, vector: vector) }
            start += 64
        }
        try await vectors.commit(expected)
    }

    private func saveIndex(chunkCount: Int, maxKey: Int64) async throws {
        try await vectors?.commit(ChunkVectorState(chunkCount: chunkCount, maxKey: maxKey))
    }

    /// The text embedded for a chunk: title, section path and body.
    static func passageText(_ chunk: KnowledgeChunk) -> String {
        let path = chunk.sectionPath.filter { $0 != chunk.title }
        return ([chunk.title] + path).joined(separator: " › ") + "\n" + chunk.text
    }

    // MARK: ingestion

    /// Ingests files and directories (recursively; hidden files skipped). Unchanged documents
    /// are skipped by content hash, changed ones replace their chunks, and documents that were
    /// ingested from a directory given here but are no longer in it are deleted. A bad file is
    /// reported (with its line where known) and the rest of the batch still goes in.
    /// `defaults`: metadata for documents that carry none (a front matter or sidecar wins).
    public func ingest(
        _ paths: [String], defaults: IngestDefaults = IngestDefaults(), progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> IngestReport {
        let clock = ContinuousClock()
        let started = clock.now
        var report = IngestReport()
        report.embedderModelID = embedder?.modelID
        var seen = Set<String>()
        var rootsScanned: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                report.issues.append(.init(file: path, line: nil, code: "not_found", message: "no such file or directory"))
                continue
            }
            let files: [(path: String, id: String)]
            if isDirectory.boolValue {
                let root = (path as NSString).standardizingPath
                let rootName = (root as NSString).lastPathComponent
                rootsScanned.append(rootName + "/")
                files = documentFiles(under: root).map { (path: $0, id: rootName + "/" + String($0.dropFirst(root.count + 1))) }
            } else if parsers.isSidecar(path) {
                // Named on its own (a shell glob): it is read with its PDF or page.
                continue
            } else {
                files = [(path: path, id: (path as NSString).lastPathComponent)]
            }
            let pace = IngestProgress()
            for (index, file) in files.enumerated() {
                await ingestFile(file.path, documentID: file.id, defaults: defaults, seen: &seen, report: &report, progress: progress)
                if let progress, files.count > 1, (index + 1) % 25 == 0 || index + 1 == files.count {
                    progress(
                        "\(index + 1)/\(files.count) files from \(path) (\(100 * (index + 1) / files.count) %), "
                            + "\(report.chunksWritten) chunks written, \(pace.rateAndETA(done: index + 1, of: files.count, unit: "files"))")
                }
            }
        }
        for document in try await store.documents()
        where !seen.contains(document.documentID) && rootsScanned.contains(where: { document.documentID.hasPrefix($0) }) {
            let removed = try await store.deleteDocument(id: document.documentID)
            for key in removed { await vectors?.remove(key: key) }
            report.removed += 1
        }
        let summary = try await store.chunkSummary()
        try await saveIndex(chunkCount: summary.count, maxKey: summary.maxKey)
        report.seconds = (clock.now - started).seconds
        report.chunksPerSecond = report.seconds > 0 ? Double(report.chunksWritten) / report.seconds : 0
        return report
    }

    private func documentFiles(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let full = (root as NSString).appendingPathComponent(relative)
            if parsers.isSidecar(full) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue { out.append(full) }
        }
        return out.sorted()
    }

    private func ingestFile(
        _ path: String, documentID: String, defaults: IngestDefaults, seen: inout Set<String>, report: inout IngestReport,
        progress: (@Sendable (String) -> Void)?
    ) async {
        do {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KnowledgeError("unreadable_file", "cannot read the file")
            }
            // A PDF is costly to read (OCR): when its bytes, sidecar and settings are as they were
            // at the last ingestion, it is not read again.
            var sourceHash: String?
            if (path as NSString).pathExtension.lowercased() == "pdf" {
                let salt = DocumentParsers.pdfSalt(settings.chunking) + defaults.fingerprint + pdfReadingFingerprint
                let hash = Self.sourceHash(data, sidecarOf: path, salt: salt)
                if try await store.document(id: documentID)?.sourceHash == hash, seen.insert(documentID).inserted {
                    report.unchanged += 1
                    return
                }
                sourceHash = hash
            }
            let parsed = try await parsers.parse(path: path, documentID: documentID, data: data)
            for var document in parsed {
                document.apply(defaults)
                // A read cut short (a page limit, a page that timed out) is read again next time.
                document.sourceHash = document.readComplete ? sourceHash : nil
                if let summary = document.readSummary { progress?("\(documentID): \(summary), \(document.chunks.count) chunks") }
                guard seen.insert(document.documentID).inserted else {
                    report.issues.append(
                        .init(
                            file: path, line: nil, code: "duplicate_id",
                            message: "document id '\(document.documentID)' was already ingested in this batch; skipped"))
                    continue
                }
                for warning in document.warnings {
                    report.warnings.append(.init(file: path, line: nil, code: "worked_around", message: warning))
                }
                if let language = document.language?.lowercased(), !settings.languages.isEmpty, !settings.languages.contains(language) {
                    report.warnings.append(
                        .init(
                            file: path, line: nil, code: "unexpected_language",
                            message:
                                "'\(document.documentID)' is in '\(language)', which kb.languages (\(settings.languages.joined(separator: ","))) does not list: the embedder chosen for those languages may not serve it well"
                        ))
                }
                do {
                    try await ingestDocument(document, report: &report, progress: progress)
                } catch let error as KnowledgeError {
                    report.issues.append(.init(file: path, line: error.line, code: error.code, message: error.message))
                }
            }
        } catch let error as KnowledgeError {
            report.issues.append(.init(file: path, line: error.line, code: error.code, message: error.message))
            // A rejected file keeps what an earlier ingestion stored of it.
            seen.insert(documentID)
        } catch {
            report.issues.append(.init(file: path, line: nil, code: "ingest_failed", message: "\(error)"))
            seen.insert(documentID)
        }
    }

    private func ingestDocument(
        _ parsed: ParsedDocument, report: inout IngestReport, progress: (@Sendable (String) -> Void)? = nil
    ) async throws {
        guard !parsed.chunks.isEmpty else {
            throw KnowledgeError("empty_document", "document '\(parsed.documentID)' has no text to index")
        }
        let chunks = parsed.chunks.enumerated().map { ordinal, c in
            KnowledgeChunk(
                documentID: parsed.documentID, ordinal: ordinal, title: parsed.title, sectionPath: c.sectionPath,
                text: c.text, language: parsed.language, productTypes: parsed.productTypes,
                productModels: mergedTags(parsed.productModels, c.productModels, settings.patterns.models(in: c.text)),
                errorCodes: mergedTags(parsed.errorCodes, c.errorCodes, settings.patterns.errorCodes(in: c.text)),
                sourceURL: parsed.sourceURL, tokenCount: c.tokenCount, sourceFile: parsed.sourceFile, pageStart: c.pageStart,
                pageEnd: c.pageEnd)
        }
        let hash = Self.contentHash(parsed, chunks: chunks)
        let existing = try await store.document(id: parsed.documentID)
        if existing?.contentHash == hash, existing?.sourceHash == parsed.sourceHash {
            report.unchanged += 1
            return
        }
        // Embed before anything is written: a failure leaves the old version in place.
        var vectors: [[Float]] = []
        if let embedder {
            do {
                vectors = try await embedPassages(chunks, of: parsed.documentID, with: embedder, progress: progress)
            } catch {
                throw KnowledgeError("embedding_failed", "could not embed '\(parsed.documentID)': \(error)")
            }
            // The index refuses zero, non-finite or wrongly sized vectors: check before writing.
            for (ordinal, vector) in vectors.enumerated() {
                guard vector.count == embedder.dimensions, vector.allSatisfy(\.isFinite), vector.contains(where: { $0 != 0 }) else {
                    throw KnowledgeError(
                        "embedding_failed",
                        "the embedder returned an unusable vector for chunk \(ordinal) of '\(parsed.documentID)'")
                }
            }
            guard vectors.count == chunks.count else {
                throw KnowledgeError("embedding_failed", "the embedder returned \(vectors.count) vectors for \(chunks.count) chunks")
            }
        }
        var document = KnowledgeDocument(
            documentID: parsed.documentID, sourcePath: parsed.sourcePath, contentHash: hash,
            title: parsed.title, language: parsed.language, chunkCount: chunks.count, ingestedAt: Date())
        document.sourceHash = parsed.sourceHash
        let (removed, added) = try await store.replaceDocument(document, chunks: chunks)
        if let index = self.vectors {
            for key in removed { await index.remove(key: key) }
            for (key, vector) in zip(added, vectors) { try await index.insert(key: key, vector: vector) }
        }
        if existing == nil { report.added += 1 } else { report.updated += 1 }
        report.chunksWritten += chunks.count
    }

    /// The chunks' vectors, in batches of `progressBatch` so that a long document (a manual of
    /// hundreds of chunks) reports each batch with its rate and time left.
    private func embedPassages(
        _ chunks: [KnowledgeChunk], of documentID: String, with embedder: any Embedder, progress: (@Sendable (String) -> Void)?
    ) async throws -> [[Float]] {
        let batch = Self.progressBatch
        guard chunks.count > batch, let progress else { return try await embedder.embed(chunks.map(Self.passageText), role: .passage) }
        let pace = IngestProgress()
        var vectors: [[Float]] = []
        vectors.reserveCapacity(chunks.count)
        for start in stride(from: 0, to: chunks.count, by: batch) {
            let end = min(start + batch, chunks.count)
            vectors += try await embedder.embed(chunks[start..<end].map(Self.passageText), role: .passage)
            progress("\(documentID): embedded \(end)/\(chunks.count) chunks, \(pace.rateAndETA(done: end, of: chunks.count, unit: "chunks"))")
        }
        return vectors
    }

    /// Chunks embedded between two progress lines of one document.
    static let progressBatch = 64

    /// SHA-256 of a file's bytes, its sidecar's (when it has one) and `salt`.
    static func sourceHash(_ data: Data, sidecarOf path: String, salt: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(salt.utf8))
        hasher.update(data: data)
        for sidecar in DocumentParsers.sidecarPaths(of: path) {
            if let bytes = FileManager.default.contents(atPath: sidecar) {
                hasher.update(data: Data(sidecar.utf8))
                hasher.update(data: bytes)
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func contentHash(_ parsed: ParsedDocument, chunks: [KnowledgeChunk]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(parsed.hashSalt.utf8))
        if let data = try? FlussoJSON.encode(chunks) { hasher.update(data: data) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    // MARK: search

    /// Hybrid search: for each filter level (error code and model → model → none) take the dense
    /// and BM25 candidates allowed at that level; stop at the first level with at least
    /// `minimumCandidates` distinct candidates; fuse, re-rank and return the top `k`.
    public func search(_ query: KnowledgeQuery) async throws -> RetrievalResult {
        let clock = ContinuousClock()
        let started = clock.now
        let text = query.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw KnowledgeError("invalid_query", "the query text is empty") }
        guard (1...50).contains(query.k) else { throw KnowledgeError("invalid_query", "k must be between 1 and 50, got \(query.k)") }
        let code = query.errorCode?.trimmingCharacters(in: .whitespaces).uppercased()
        let model = query.productModel?.trimmingCharacters(in: .whitespaces).uppercased()
        if query.mode == .dense, embedder == nil {
            throw KnowledgeError("no_embedder", "dense search needs an embedder, and none is configured")
        }
        var queryVector: [Float]?
        if let embedder, query.mode != .lexical {
            queryVector = try await embedder.embed([text], role: .query).first
        }
        var levels: [(FilterLevel, codes: [String], models: [String])] = []
        if let code, !code.isEmpty { levels.append((.codeAndModel, [code], model.map { [$0] } ?? [])) }
        if let model, !model.isEmpty { levels.append((.model, [], [model])) }
        levels.append((.none, [], []))

        let lexicalText = Self.lexicalQueryText(text)
        var candidates: [Int64: Reranker.Candidate] = [:]
        var usedLevel = FilterLevel.none
        for (level, codes, models) in levels {
            let allowed: Set<Int64>? = level == .none ? nil : Set(try await store.chunkKeys(errorCodes: codes, models: models))
            let dense = query.mode == .lexical ? [] : try await denseHits(queryVector, allowed: allowed)
            let lexical =
                query.mode == .dense
                ? []
                : try await store.lexicalSearch(lexicalText, limit: settings.lexicalCandidates, allowed: allowed)
            let keys = Set(dense.map(\.key)).union(lexical.map(\.key))
            usedLevel = level
            if keys.count >= settings.minimumCandidates || level == .none {
                let chunks = try await store.chunks(keys: Array(keys))
                for (rank, hit) in dense.enumerated() {
                    guard let chunk = chunks[hit.key] else { continue }
                    candidates[hit.key] = Reranker.Candidate(key: hit.key, chunk: chunk, dense: hit.similarity, denseRank: rank + 1)
                }
                for (rank, hit) in lexical.enumerated() {
                    guard let chunk = chunks[hit.key] else { continue }
                    candidates[hit.key, default: Reranker.Candidate(key: hit.key, chunk: chunk)].lexicalRank = rank + 1
                }
                break
            }
        }
        var queryCodes = Set(settings.patterns.errorCodes(in: text))
        if let code, !code.isEmpty { queryCodes.insert(code) }
        let pool = candidates.values.sorted { $0.key < $1.key }
        let ranked =
            query.mode == .hybrid
            ? Reranker(weights: settings.rerank).rank(pool, query: query, queryCodes: queryCodes, k: query.k)
            : Reranker(weights: settings.rerank).singleList(pool, mode: query.mode, query: query, queryCodes: queryCodes, k: query.k)
        return RetrievalResult(
            query: text, filterLevel: usedLevel, embedderModelID: embedder?.modelID, results: ranked,
            durationMilliseconds: (clock.now - started).seconds * 1000)
    }

    /// What BM25 is asked for: the query's content words, without English and Italian function
    /// words. Those match nearly every chunk, so OR-ing them made FTS5 score thousands of rows per
    /// query (10 ms at 10k chunks) while their near-zero IDF changed no ranking. A query of
    /// function words only is searched as it is.
    static func lexicalQueryText(_ text: String) -> String {
        let terms = TextTerms.contentTerms(text)
        return terms.isEmpty ? text : terms.sorted().joined(separator: " ")
    }

    private func denseHits(_ vector: [Float]?, allowed: Set<Int64>?) async throws -> [(key: Int64, similarity: Double)] {
        guard let vector, let vectors else { return [] }
        if let allowed, allowed.isEmpty { return [] }
        return try await vectors.search(vector, k: settings.denseCandidates, allowedKeys: allowed)
    }

    public func stats() async throws -> KnowledgeStats {
        let documents = try await store.documents()
        let chunks = try await store.allChunks()
        var languages: [String: Int] = [:]
        for d in documents { languages[d.language ?? "unknown", default: 0] += 1 }
        let models = Set(chunks.flatMap(\.chunk.productModels)).sorted()
        let codes = Set(chunks.flatMap(\.chunk.errorCodes))
        return KnowledgeStats(
            documents: documents.count, chunks: chunks.count, vectors: await vectors?.count() ?? 0, languages: languages,
            productModels: models, errorCodes: codes.count, embedderModelID: embedder?.modelID)
    }
}
