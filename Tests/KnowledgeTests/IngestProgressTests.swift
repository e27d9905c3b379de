import Embeddings
import FlussoCore
import FlussoTestSupport
import Foundation
import Synchronization
import Testing

@testable import Knowledge

/// Long ingestion says how far it is, how fast it goes and when it will be done.
@Suite struct IngestProgressTests {
    @Test func timeLeftIsWrittenAsAClock() {
        #expect(IngestProgress.clockText(5) == "0:05")
        #expect(IngestProgress.clockText(65.2) == "1:06")
        #expect(IngestProgress.clockText(3 * 3600 + 62) == "3:01:02")
        #expect(IngestProgress().rateAndETA(done: 0, of: 10, unit: "files") == "starting")
    }

    @Test func aLongDocumentReportsEachBatchOfEmbeddedChunksWithRateAndETA() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir, embedder: HashingEmbedder())
        let sections = (1...(KnowledgeBase.progressBatch + 10)).map { n in
            "## Step \(n)\n\n" + String(repeating: "Tighten screw \(n) of the pump housing by hand, then check the seal. ", count: 30)
        }
        try write("# Pump manual\n\n" + sections.joined(separator: "\n\n"), to: dir.path + "/docs/pump.md")
        try write("# Short note\n\nNothing long here.", to: dir.path + "/docs/note.md")
        let lines = Mutex<[String]>([])
        let report = try await kb.ingest([dir.path + "/docs"]) { line in lines.withLock { $0.append(line) } }
        #expect(report.chunksWritten > KnowledgeBase.progressBatch)
        let seen = lines.withLock { $0 }
        let embedded = seen.filter { $0.contains("pump.md: embedded") }
        let pumpChunks = report.chunksWritten - 1
        let batch = KnowledgeBase.progressBatch
        #expect(embedded.count == (pumpChunks + batch - 1) / batch, "one line per batch of \(batch): \(seen)")
        #expect(embedded.first?.contains("ETA") == true, "the first batch says when the document will be done")
        #expect(embedded.last?.contains("embedded \(pumpChunks)/\(pumpChunks) chunks") == true, "the last batch completes the document")
        #expect(seen.contains { $0.contains("2/2 files") && $0.contains("100 %") && $0.contains("files/s") })
        #expect(!seen.contains { $0.contains("note.md: embedded") }, "a short document embeds in one go")
    }
}
