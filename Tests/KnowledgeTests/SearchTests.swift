import Embeddings
import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@testable import Knowledge

@Suite struct LexicalSearchTests {
    @Test func anErrorCodeQueryFindsItsArticleFirstAndSaysWhy() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        let result = try await kb.search(
            KnowledgeQuery(
                text: "the hotend temperature keeps dropping during the print",
                productModel: "AP-200", errorCode: "E101"))
        let top = try #require(result.results.first)
        #expect(top.chunk.errorCodes.contains("E101"))
        #expect(top.features.errorCodeMatch)
        #expect(top.features.modelMatch)
        #expect(top.reason.contains("exact error-code match"))
        #expect(result.results.count == 5)
        #expect(result.results.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(zip(result.results, result.results.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func filtersRelaxStepByStepAndRecordTheLevel() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir, minimumCandidates: 3)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        // L112 exists only for the AL-60: with the AL-60 few chunks carry the code → relaxed.
        let relaxed = try await kb.search(KnowledgeQuery(text: "camera calibration", productModel: "AL-60", errorCode: "L112"))
        #expect(relaxed.filterLevel != .codeAndModel)
        let unknown = try await kb.search(KnowledgeQuery(text: "laser tube", productModel: "ZZ-9", errorCode: "Q999"))
        #expect(unknown.filterLevel == .none)
        #expect(!unknown.results.isEmpty)
    }

    @Test func queriesWithSearchSyntaxOrPunctuationNeverFail() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        for text in ["\"unbalanced", "NEAR(a b) AND OR NOT", "*:^-", "più caldo!", "E101 OR 1=1; DROP TABLE kb_chunks"] {
            _ = try await kb.search(KnowledgeQuery(text: text))
        }
        #expect(try await kb.store.chunkCount() > 0)
    }

    @Test func emptyQueriesAndBadKAreRejected() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        await #expect(throws: KnowledgeError.self) { _ = try await kb.search(KnowledgeQuery(text: "  ")) }
        await #expect(throws: KnowledgeError.self) { _ = try await kb.search(KnowledgeQuery(text: "x", k: 0)) }
    }

    @Test func italianQueriesMatchWithoutAccents() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        let result = try await kb.search(KnowledgeQuery(text: "flusso acqua raffreddamento insufficiente tubo laser"))
        #expect(result.results.first?.chunk.errorCodes.contains("L101") == true)
        #expect(result.results.first?.chunk.language == "it")
    }

    @Test func theRetrievalQueryCarriesCodeModelAndShortOCRText() {
        let ticket = Ticket(
            createdAt: Date(), customer: CustomerRef(id: "c"), asset: AssetRef(productType: "laser-cutter", model: "AL-40"),
            errorCode: "L101", symptomText: "alarm beeps")
        let q = RetrievalQueryBuilder.query(for: ticket, extractedText: ["FLOW LOW 1.2 l/min"])
        #expect(q.text == "alarm beeps\nerror L101\nlaser-cutter\nAL-40\nFLOW LOW 1.2 l/min")
        #expect(q.errorCode == "L101")
        #expect(q.productModel == "AL-40")
    }
}

@Suite struct EvaluationTests {
    @Test func evaluationScoresRankingsAgainstLabels() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        let queries = [
            EvaluationQuery(
                query: "cooling water flow too low", productModel: nil, errorCode: "L101",
                relevant: ["kb/en/laser-cutter/error-codes/l101-cooling-water-flow-too-low.md"]),
            EvaluationQuery(query: "zzzz qqqq", productModel: nil, errorCode: nil, relevant: ["kb/none.md"]),
        ]
        let figures = try await kb.evaluate(queries, modes: [.hybrid, .lexical])
        #expect(figures.map(\.mode) == [.hybrid, .lexical])
        for f in figures {
            #expect(f.queries == 2)
            #expect(f.recallAt1 == 0.5, "the first query is answered first, the nonsense one never")
            #expect(f.mrr == 0.5)
        }
        await #expect(throws: KnowledgeError.self) { _ = try await kb.evaluate(queries, modes: [.dense]) }
    }

    @Test func queryFilesWithBadLinesAreRejectedWithTheLine() throws {
        let dir = TemporaryDirectory()
        try write("{\"query\":\"a\",\"relevant\":[\"x\"]}\n{\"query\":\"b\"}\n", to: dir.path + "/q.jsonl")
        #expect(throws: KnowledgeError.self) { _ = try EvaluationQuery.load(dir.path + "/q.jsonl") }
        do {
            _ = try EvaluationQuery.load(dir.path + "/q.jsonl")
        } catch let error as KnowledgeError {
            #expect(error.line == 2)
        }
    }
}

@Suite struct DenseSearchTests {
    @Test func withAnEmbedderTheIndexIsBuiltSavedAndReloadedAndDenseSearchWorks() async throws {
        let dir = TemporaryDirectory()
        let embedder = HashingEmbedder()
        let kb = try await makeKnowledgeBase(dir, embedder: embedder)
        let report = try await kb.ingest([repositoryRoot + "/kb"])
        #expect(report.issues.isEmpty)
        let stats = try await kb.stats()
        #expect(stats.vectors == stats.chunks)
        let stem = "vectors-" + HNSWChunkIndex.fileStem(for: embedder.modelID)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/kb/\(stem).json"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/kb/\(stem).hnsw"))
        let dense = try await kb.search(KnowledgeQuery(text: "cooling water flow too low laser", mode: .dense))
        #expect(dense.results.first?.features.denseRank == 1)
        // A reopened base loads the saved index instead of re-embedding.
        let reopened = try await makeKnowledgeBase(dir, embedder: embedder)
        #expect(try await reopened.stats().vectors == stats.chunks)
        let hybrid = try await reopened.search(KnowledgeQuery(text: "cooling water flow too low", productModel: "AL-40", errorCode: "L101"))
        #expect(hybrid.results.first?.chunk.errorCodes.contains("L101") == true)
        #expect(hybrid.embedderModelID == embedder.modelID)
    }
}

/// Fault injection: a real hashing embedder that returns an all-zero vector for texts holding
/// "ZERO-VECTOR", as a broken model or server might.
struct ZeroVectorFaultEmbedder: Embedder {
    let base = HashingEmbedder()
    var dimensions: Int { base.dimensions }
    var modelID: String { base.modelID }
    func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        let vectors = try await base.embed(texts, role: role)
        return zip(texts, vectors).map { $0.contains("ZERO-VECTOR") ? [Float](repeating: 0, count: dimensions) : $1 }
    }
}

@Suite struct EmbeddingFaultTests {
    @Test func anUnusableVectorRejectsItsDocumentAndWritesNothing() async throws {
        let dir = TemporaryDirectory()
        try write("# Good\nCooling water flow.\n", to: dir.path + "/docs/good.md")
        try write("# Bad\nZERO-VECTOR here.\n", to: dir.path + "/docs/bad.md")
        let kb = try await makeKnowledgeBase(dir, embedder: ZeroVectorFaultEmbedder())
        let report = try await kb.ingest([dir.path + "/docs"])
        #expect(report.added == 1)
        #expect(report.issues.map(\.code) == ["embedding_failed"])
        #expect(try await kb.store.documents().map(\.documentID) == ["docs/good.md"])
        let reopened = try await makeKnowledgeBase(dir, embedder: ZeroVectorFaultEmbedder())
        #expect(try await reopened.stats().vectors == 1)
    }
}
