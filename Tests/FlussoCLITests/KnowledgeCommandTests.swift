import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite struct KnowledgeCommandTests {
    let directory = TemporaryDirectory("flusso-kb-cli")
    var dataDir: String { directory.path + "/data" }
    var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func ingestSearchAndProcessUseTheSampleKnowledgeBase() throws {
        let ingest = try FlussoBinary.run(["kb", "ingest", repository + "/kb", "--json", "--data-dir", dataDir])
        #expect(ingest.status == 0, "\(ingest.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ingest.out.utf8)) as? [String: Any])
        #expect((report["added"] as? Int ?? 0) >= 40)
        let again = try FlussoBinary.run(["kb", "ingest", repository + "/kb", "--data-dir", dataDir])
        #expect(again.out.hasPrefix("added 0, updated 0, unchanged"))

        let search = try FlussoBinary.run([
            "kb", "search", "cooling water flow alarm", "--error-code", "L101", "--product-model", "AL-40",
            "--json", "--data-dir", dataDir,
        ])
        #expect(search.status == 0, "\(search.err)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(search.out.utf8)) as? [String: Any])
        let first = try #require((result["results"] as? [[String: Any]])?.first)
        #expect(((first["chunk"] as? [String: Any])?["error_codes"] as? [String])?.contains("L101") == true)

        let ticket = directory.file("ticket.json")
        try
            #"{"customer":{"id":"c1"},"asset":{"product_type":"laser-cutter","model":"AL-40"},"error_code":"L101","symptom_text":"The machine stops with a water flow alarm"}"#
            .write(toFile: ticket, atomically: true, encoding: .utf8)
        let processed = try FlussoBinary.run(["process", ticket, "--json", "--data-dir", dataDir])
        #expect(processed.status == 0, "\(processed.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(processed.out.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.first { $0["step"] as? String == "retrieve" }?["status"] as? String == "succeeded")
        let retrieval = try #require(json["retrieval"] as? [String: Any])
        #expect((retrieval["results"] as? [Any])?.count == 5)
    }

    @Test func rejectedFilesAreListedAndExitTwo() throws {
        let docs = directory.path + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "# Ok\nFine text.\n".write(toFile: docs + "/ok.md", atomically: true, encoding: .utf8)
        try "x".write(toFile: docs + "/x.exe", atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(["kb", "ingest", docs, "--data-dir", dataDir])
        #expect(result.status == 2)
        #expect(result.out.contains("added 1"))
        #expect(result.out.contains("rejected \(docs)/x.exe: unsupported_type"))
    }

    @Test func anEmptySearchFailsWithOneLine() throws {
        let result = try FlussoBinary.run(["kb", "search", " ", "--data-dir", dataDir])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("error: invalid_query"))
    }

    @Test func aPDFManualIsIngestedWithItsSectionsAndPages() throws {
        let manuals = directory.path + "/manuals"
        try FileManager.default.createDirectory(atPath: manuals, withIntermediateDirectories: true)
        let pages = ManualPDF.write(to: manuals + "/x200.pdf", sections: ManualPDF.sample)
        let ingest = try FlussoBinary.run(["kb", "ingest", manuals, "--json", "--data-dir", dataDir])
        #expect(ingest.status == 0, "\(ingest.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ingest.out.utf8)) as? [String: Any])
        #expect(report["added"] as? Int == 1 && (report["chunks_written"] as? Int ?? 0) >= 4, "\(report)")
        let search = try FlussoBinary.run(["kb", "search", "replace the thermistor heater block T0 connector", "--data-dir", dataDir])
        #expect(search.status == 0, "\(search.err)")
        let thermistorPage = pages[2]
        #expect(
            search.out.contains("x200.pdf, p. \(thermistorPage) — 2.1 Replacing the thermistor")
                || search.out.contains("x200.pdf, pp. \(thermistorPage)–"), "\(search.out)")
        let json = try FlussoBinary.run(["kb", "search", "MINTEMP error 17105", "--json", "--data-dir", dataDir])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let chunks = (result["results"] as? [[String: Any]] ?? []).compactMap { $0["chunk"] as? [String: Any] }
        #expect(chunks.allSatisfy { $0["source_file"] as? String == "x200.pdf" && ($0["page_start"] as? Int ?? 0) >= 1 })
        #expect(!search.out.contains("ACME X200 Service Manual"), "the running header is not indexed")
        // A solution's quotations cite the manual's file, pages and section.
        let ticket = directory.file("ticket.json")
        try
            #"{"customer":{"id":"c1"},"asset":{"model":"X200"},"error_code":"17105","symptom_text":"MINTEMP error: the hotend temperature reads below 10 degrees"}"#
            .write(toFile: ticket, atomically: true, encoding: .utf8)
        let processed = try FlussoBinary.run(["process", ticket, "--json", "--data-dir", dataDir])
        #expect(processed.status == 0, "\(processed.err)")
        let ticketJSON = try #require(try JSONSerialization.jsonObject(with: Data(processed.out.utf8)) as? [String: Any])
        let quotations = ((ticketJSON["solution"] as? [String: Any])?["citations"] as? [[String: Any]]) ?? []
        #expect(!quotations.isEmpty && quotations.allSatisfy { ($0["source"] as? String)?.hasPrefix("x200.pdf, p") == true }, "\(quotations)")
    }

    @Test func aCorruptPDFIsRejectedAndTheRestIngested() throws {
        let docs = directory.path + "/mixed"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "# Ok\nFine text.\n".write(toFile: docs + "/ok.md", atomically: true, encoding: .utf8)
        try Data("%PDF-1.4\nthis is not a pdf".utf8).write(to: URL(fileURLWithPath: docs + "/broken.pdf"))
        let result = try FlussoBinary.run(["kb", "ingest", docs, "--data-dir", dataDir])
        #expect(result.status == 2)
        #expect(result.out.contains("added 1"))
        #expect(result.out.contains("rejected \(docs)/broken.pdf: corrupt_document"), "\(result.out)")
    }

    @Test func encryptedTruncatedAndOversizedPDFsAreRejectedWithTheirReasonsAndNothingHalfIndexed() throws {
        let docs = directory.path + "/bad-pdfs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "# Ok\nFine text.\n".write(toFile: docs + "/ok.md", atomically: true, encoding: .utf8)
        try encryptedPDF().write(to: URL(fileURLWithPath: docs + "/locked.pdf"))
        ManualPDF.write(to: directory.path + "/whole.pdf", sections: ManualPDF.sample)
        let whole = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/whole.pdf"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: docs + "/cut.pdf"))
        try whole.write(to: URL(fileURLWithPath: docs + "/big.pdf"))
        let result = try FlussoBinary.run(
            ["kb", "ingest", docs, "--data-dir", dataDir], environment: ["FLUSSO_KB_PDF_MAX_BYTES": "\(whole.count - 1)"])
        #expect(result.status == 2, "\(result.err)")
        #expect(result.out.contains("added 1"), "\(result.out)")
        #expect(result.out.contains("rejected \(docs)/locked.pdf: encrypted_document"), "\(result.out)")
        #expect(result.out.contains("rejected \(docs)/cut.pdf: corrupt_document"), "\(result.out)")
        #expect(result.out.contains("rejected \(docs)/big.pdf:") && result.out.contains("kb.pdf_max_bytes"), "\(result.out)")
        let stats = try FlussoBinary.run(["kb", "stats", "--data-dir", dataDir])
        #expect(stats.out.hasPrefix("1 documents, 1 chunks, "), "only ok.md is in: \(stats.out)")
    }

    @Test func aSidecarOrTheFlagsGiveAManualItsMetadataAndAnUnchangedManualIsNotReadAgain() throws {
        let shelf = directory.path + "/shelf"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        ManualPDF.write(to: shelf + "/x200.pdf", sections: ManualPDF.sample)
        try "title: X200 Service Manual\nproduct_models: [X200]\nlanguage: en\n".write(
            toFile: shelf + "/x200.yaml", atomically: true, encoding: .utf8)
        ManualPDF.write(to: shelf + "/x300.pdf", sections: ManualPDF.sample)
        let ingest = try FlussoBinary.run(
            ["kb", "ingest", shelf, "--product-model", "x300", "--language", "it", "--json", "--data-dir", dataDir])
        #expect(ingest.status == 0, "\(ingest.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ingest.out.utf8)) as? [String: Any])
        #expect(report["added"] as? Int == 2, "the sidecar is read with its PDF, not as a document: \(report)")
        #expect(ingest.err.contains("shelf/x200.pdf: ") && ingest.err.contains("pages read (0 by OCR)"), "\(ingest.err)")
        func chunk(model: String) throws -> [String: Any]? {
            let search = try FlussoBinary.run(["kb", "search", "thermistor", "--product-model", model, "--json", "--data-dir", dataDir])
            let result = try JSONSerialization.jsonObject(with: Data(search.out.utf8)) as? [String: Any]
            return ((result?["results"] as? [[String: Any]])?.first)?["chunk"] as? [String: Any]
        }
        // The sidecar wins over the flags; the flags fill in for the manual without one.
        let x200 = try #require(try chunk(model: "X200"))
        #expect(x200["title"] as? String == "X200 Service Manual" && x200["language"] as? String == "en")
        #expect((x200["product_models"] as? [String])?.contains("X200") == true)
        let x300 = try #require(try chunk(model: "X300"))
        #expect(x300["source_file"] as? String == "x300.pdf" && x300["language"] as? String == "it")
        // Nothing changed: neither PDF is read again.
        let again = try FlussoBinary.run(["kb", "ingest", shelf, "--product-model", "x300", "--language", "it", "--data-dir", dataDir])
        #expect(again.out.hasPrefix("added 0, updated 0, unchanged 2"), "\(again.out)")
        #expect(!again.err.contains("pages read"), "\(again.err)")
        // A sidecar with an unknown key rejects its PDF, naming the key; the rest stays.
        try "title: X200\nmodels: [X200]\n".write(toFile: shelf + "/x200.yaml", atomically: true, encoding: .utf8)
        let bad = try FlussoBinary.run(["kb", "ingest", shelf, "--data-dir", dataDir])
        #expect(bad.status == 2)
        #expect(bad.out.contains("rejected \(shelf)/x200.pdf: invalid_sidecar: x200.yaml: unknown key(s) models"), "\(bad.out)")
        // The rejected manual keeps what the last ingestion stored of it.
        let kept = try #require(try chunk(model: "X200"))
        #expect(kept["title"] as? String == "X200 Service Manual")
        let badLanguage = try FlussoBinary.run(["kb", "ingest", shelf, "--language", "english!", "--data-dir", dataDir])
        #expect(badLanguage.status == 1 && badLanguage.err.contains("--language takes a language code"))
    }

    @Test func anHTMLHelpCentreExportIsIngestedBySection() throws {
        let help = directory.path + "/help"
        try FileManager.default.createDirectory(atPath: help, withIntermediateDirectories: true)
        let page = """
            <html><head><title>Replacing the thermistor</title><script>track()</script></head><body><nav>Home › Printers</nav>
            <h1>Replacing the thermistor</h1><p>A wrong reading causes MINTEMP.</p>
            <h2>Tools</h2><ul><li>2 mm hex key<li>Zip ties for the cable</ul></body></html>
            """
        try page.write(toFile: help + "/thermistor.html", atomically: true, encoding: .utf8)
        try "<html><body><p>Broken <b>but readable".write(toFile: help + "/broken.html", atomically: true, encoding: .utf8)
        let ingest = try FlussoBinary.run(["kb", "ingest", help, "--data-dir", dataDir])
        #expect(ingest.status == 0 && ingest.out.hasPrefix("added 2"), "\(ingest.out) \(ingest.err)")
        let search = try FlussoBinary.run(["kb", "search", "hex key zip ties", "--data-dir", dataDir])
        // A short page is one chunk, cited by its title (its first section is the title again).
        #expect(search.out.contains("help/thermistor.html#0  score") && search.out.contains("  Replacing the thermistor\n"), "\(search.out)")
        #expect(!search.out.contains("Home") && !search.out.contains("track()"))
    }

    @Test func theBenchmarksSyntheticManualIsAManualTheIngestionReads() throws {
        let path = directory.file("synthetic.pdf")
        let written = try FlussoBinary.run(["bench", "manual-pdf", "--pages", "4", "--out", path])
        #expect(written.status == 0 && written.out.hasPrefix("4 pages"), "\(written)")
        let ingest = try FlussoBinary.run(
            ["kb", "ingest", path, "--json", "--data-dir", dataDir], environment: ["FLUSSO_EMBEDDINGS_ENGINE": "hashing"])
        #expect(ingest.status == 0 && ingest.err.contains("4 of 4 pages read"), "\(ingest.err)")
        let bad = try FlussoBinary.run(["bench", "manual-pdf", "--pages", "0", "--out", path])
        #expect(bad.status == 1 && bad.err.contains("--pages must be 1 to 5000") && bad.err.split(separator: "\n").count == 1)
    }

    @Test func anIngestionKilledMidwayFinishesOnTheRerunWithoutDuplicates() async throws {
        let shelf = directory.path + "/many"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        for index in 1...4 {
            let written = try FlussoBinary.run(["bench", "manual-pdf", "--pages", "20", "--seed", "\(index)", "--out", shelf + "/m\(index).pdf"])
            #expect(written.status == 0, "\(written.err)")
        }
        let hashing = ["FLUSSO_EMBEDDINGS_ENGINE": "hashing"]
        func stats(_ data: String) throws -> (documents: Int, chunks: Int, vectors: Int) {
            let result = try FlussoBinary.run(["kb", "stats", "--json", "--data-dir", data], environment: hashing)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            return (json["documents"] as? Int ?? -1, json["chunks"] as? Int ?? -1, json["vectors"] as? Int ?? -1)
        }
        // What an uninterrupted ingestion stores.
        let reference = directory.path + "/reference"
        #expect(try FlussoBinary.run(["kb", "ingest", shelf, "--data-dir", reference], environment: hashing).status == 0)
        let expected = try stats(reference)
        #expect(expected.documents == 4)

        // kill -9 once the first manual is in (its line is printed when it is read, so the second
        // manual's line means the first one was stored).
        let progress = dataDir + "-ingest.log"
        let process = try ChildProcess(
            executable: FlussoBinary.path, arguments: ["kb", "ingest", shelf, "--data-dir", dataDir],
            environment: ProcessInfo.processInfo.environment.merging(hashing) { $1 }, stderr: .file(progress))
        var seen = ""
        let deadline = Date().addingTimeInterval(120)
        while seen.components(separatedBy: "pages read").count < 3, Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(5))
            seen = (try? String(contentsOfFile: progress, encoding: .utf8)) ?? ""
        }
        let killedMidway = process.isRunning
        process.kill()
        seen = (try? String(contentsOfFile: progress, encoding: .utf8)) ?? seen
        #expect(seen.contains("pages read"), "\(seen)")
        // The rerun finishes the job: nothing twice, nothing half-written.
        let rerun = try FlussoBinary.run(["kb", "ingest", shelf, "--json", "--data-dir", dataDir], environment: hashing)
        #expect(rerun.status == 0, "\(rerun.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(rerun.out.utf8)) as? [String: Any])
        let added = report["added"] as? Int ?? 0
        let unchanged = report["unchanged"] as? Int ?? 0
        #expect(added + unchanged == 4 && report["updated"] as? Int == 0, "\(report)")
        if killedMidway { #expect(unchanged >= 1 && added >= 1, "\(report)") }
        let after = try stats(dataDir)
        #expect(after == expected, "\(after) after the kill and the rerun, \(expected) without a kill")
    }
}
