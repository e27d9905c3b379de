import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@testable import Knowledge

@Suite struct IngestionTests {
    @Test func theSampleKnowledgeBaseIngestsCompletely() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        let report = try await kb.ingest([repositoryRoot + "/kb"])
        #expect(report.issues.isEmpty, "\(report.issues)")
        #expect(report.added >= 40)
        let stats = try await kb.stats()
        #expect(stats.documents == report.added)
        #expect(stats.errorCodes >= 60)
        #expect(Set(stats.productModels).isSuperset(of: ["AP-200", "AP-300", "AL-40", "AL-60", "AC-1", "AC-2"]))
        #expect(stats.languages["en"] != nil && stats.languages["it"] != nil)
    }

    @Test func reIngestionSkipsUnchangedReplacesChangedAndRemovesDeleted() async throws {
        let dir = TemporaryDirectory()
        let root = dir.path + "/docs"
        try write("# A\nThermal runaway E101 on the AP-200.\n", to: root + "/a.md")
        try write("# B\nBelt tension E208.\n", to: root + "/b.md")
        try write("Plain text about lasers L101.\n", to: root + "/sub/c.txt")
        let kb = try await makeKnowledgeBase(dir)
        let first = try await kb.ingest([root])
        #expect((first.added, first.updated, first.unchanged, first.removed) == (3, 0, 0, 0))
        let again = try await kb.ingest([root])
        #expect((again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0))
        #expect(again.chunksWritten == 0)
        try write("# A\nThermal runaway E101 on the AP-300 now.\n", to: root + "/a.md")
        try FileManager.default.removeItem(atPath: root + "/b.md")
        let third = try await kb.ingest([root])
        #expect((third.added, third.updated, third.unchanged, third.removed) == (0, 1, 1, 1))
        let ids = try await kb.store.documents().map(\.documentID)
        #expect(ids == ["docs/a.md", "docs/sub/c.txt"])
        let chunks = try await kb.store.allChunks().map(\.chunk)
        #expect(chunks.first { $0.documentID == "docs/a.md" }?.productModels == ["AP-300"])
        let hits = try await kb.store.lexicalSearch("belt tension", limit: 5, allowed: nil)
        #expect(hits.isEmpty, "chunks of a removed document must leave the BM25 index")
    }

    @Test func badFilesAreReportedWithTheirLineAndTheRestIsIngested() async throws {
        let dir = TemporaryDirectory()
        let root = dir.path + "/mixed"
        try write("# Good\nHotend fan E108 stopped.\n", to: root + "/good.md")
        try write("---\ntitle: [unclosed\n---\n# X\ntext\n", to: root + "/bad-yaml.md")
        try write("", to: root + "/empty.md")
        try write("binary", to: root + "/image.bmp")
        try write("code,title\nE1,x\n", to: root + "/codes.csv")
        try write("{\"document_id\":\"j1\",\"text\":\"ok chunk\"}\nnot json\n", to: root + "/chunks.jsonl")
        try Data([0xff, 0xfe, 0x41]).write(to: URL(fileURLWithPath: root + "/latin1.txt"))
        let kb = try await makeKnowledgeBase(dir)
        let report = try await kb.ingest([root, dir.path + "/missing"])
        let byFile = Dictionary(report.issues.map { (($0.file as NSString).lastPathComponent, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(report.added == 1)
        #expect(byFile["bad-yaml.md"]?.code == "invalid_front_matter")
        #expect(byFile["empty.md"]?.code == "empty_document")
        #expect(byFile["image.bmp"]?.code == "unsupported_type")
        #expect(byFile["codes.csv"]?.code == "no_catalogue_mapping")
        #expect(byFile["chunks.jsonl"]?.code == "invalid_json")
        #expect(byFile["chunks.jsonl"]?.line == 2)
        #expect(byFile["latin1.txt"]?.code == "invalid_encoding")
        #expect(byFile["missing"]?.code == "not_found")
        #expect(try await kb.store.documents().map(\.documentID) == ["mixed/good.md"])
    }

    @Test func duplicateDocumentIdsInOneBatchAreRejected() async throws {
        let dir = TemporaryDirectory()
        try write("{\"document_id\":\"d1\",\"text\":\"first\"}\n", to: dir.path + "/one.jsonl")
        try write("{\"document_id\":\"d1\",\"text\":\"second\"}\n", to: dir.path + "/two.jsonl")
        let kb = try await makeKnowledgeBase(dir)
        let report = try await kb.ingest([dir.path + "/one.jsonl", dir.path + "/two.jsonl"])
        #expect(report.added == 1)
        #expect(report.issues.map(\.code) == ["duplicate_id"])
        #expect(try await kb.store.allChunks().map(\.chunk.text) == ["first"])
    }

    @Test func prusaCataloguesImportWithAMappingAlone() async throws {
        let prusa = sharedData + "/kb/prusa_error_codes"
        let mappings = try CatalogueMapping.load(from: repositoryRoot + "/kb-mappings/prusa-error-codes.yaml")
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir, catalogues: mappings)
        let report = try await kb.ingest([prusa + "/buddy-error-codes.yaml", prusa + "/mmu-error-codes.yaml", prusa + "/sla-error-codes.yaml"])
        #expect(report.issues.isEmpty, "\(report.issues)")
        #expect(report.added == 3)
        let chunks = try await kb.store.allChunks().map(\.chunk)
        #expect(chunks.count > 300)
        let stuck = try #require(chunks.first { $0.errorCodes.contains("XX101") })
        #expect(stuck.productModels.contains("MK4"))
        #expect(stuck.text.contains("STUCK FILAMENT DETECTED"))
        // sla-error-codes.yaml repeats `printers:` verbatim in XX501: ignored, and said so.
        #expect(report.warnings.contains { $0.file.hasSuffix("sla-error-codes.yaml") && $0.message.contains("repeated") })
    }

    @Test func repeatedKeyLinesAreDroppedOnlyWithinOneEntry() {
        let text = "Errors:\n- code: A\n  printers: [X]\n  printers: [X]\n  text: \"one\n\n    printers: [X]\"\n- code: B\n  printers: [X]\n"
        let cleaned = CatalogueParser.droppingRepeatedLines(text)
        #expect(cleaned.lines == [4])
        #expect(cleaned.text.components(separatedBy: "printers: [X]").count - 1 == 3)
    }

    @Test func aMappingThatNamesAMissingFieldIsReportedWithTheEntryLine() async throws {
        let dir = TemporaryDirectory()
        try write("Errors:\n  - code: E1\n    title: T\n    text: X\n  - code: E2\n    title: U\n", to: dir.path + "/x-error-codes.yaml")
        let mapping = CatalogueMapping(
            name: "m", files: "*-error-codes.yaml", list: "Errors",
            fields: .init(code: "code", title: "title", text: "text"))
        let kb = try await makeKnowledgeBase(dir, catalogues: [mapping])
        let report = try await kb.ingest([dir.path + "/x-error-codes.yaml"])
        #expect(report.issues.count == 1)
        #expect(report.issues.first?.code == "missing_field")
        #expect(report.issues.first?.line == 5)
        #expect(try await kb.store.chunkCount() == 0, "a rejected catalogue stores nothing")
    }
}
