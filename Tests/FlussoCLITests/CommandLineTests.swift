import Embeddings
import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite struct CommandLineTests {
    let directory = TemporaryDirectory("flusso-cli")
    var dataDir: String { directory.path + "/data" }

    func ticketFile() throws -> String {
        let path = directory.file("ticket.json")
        try SampleTickets.validJSON.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func processRunsTheWholePipelineInProcess() throws {
        let result = try FlussoBinary.run(["process", try ticketFile(), "--json", "--data-dir", dataDir])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "NEEDS_REVIEW")
        #expect((json["steps"] as? [[String: Any]])?.count == 10)
        let id = try #require(json["ticket_id"] as? String)

        let shown = try FlussoBinary.run(["show", id, "--data-dir", dataDir])
        #expect(shown.status == 0)
        #expect(shown.out.contains("NEEDS_REVIEW") && shown.out.contains("notify"))
        let listed = try FlussoBinary.run(["tickets", "list", "--data-dir", dataDir, "--status", "needs_review"])
        #expect(listed.out.contains(id))
    }

    @Test func badTicketFileFailsWithOneLineOnStderr() throws {
        let path = directory.file("bad.json")
        try #"{"customer": {}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(["process", path, "--data-dir", dataDir])
        #expect(result.status != 0)
        #expect(result.err.hasPrefix("error: validation_failed"))
        #expect(result.err.split(separator: "\n").count == 1)
    }

    @Test func configShowMasksKeysAndNamesSources() throws {
        let hash = try FlussoBinary.run(["config", "hash-key", "a-long-enough-api-key"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.hasPrefix("sha256:") && hash.count == 71)
        let result = try FlussoBinary.run(["config", "show"], environment: ["FLUSSO_SERVER_API_KEY_HASHES": hash, "FLUSSO_SERVER_PORT": "9999"])
        #expect(result.status == 0)
        #expect(result.out.contains("server.port = 9999    # environment"))
        #expect(result.out.contains("server.api_key_hashes = ****"))
        #expect(!result.out.contains(hash))
        #expect(result.out.contains("workers.count = 2    # default"))
    }

    @Test func aConfigFileIsReadAndUnknownKeysAreRefused() throws {
        let good = directory.file("good.yaml")
        try "server:\n  port: 9191\nworkers:\n  count: 3\n".write(toFile: good, atomically: true, encoding: .utf8)
        let shown = try FlussoBinary.run(["config", "show", "--config", good])
        #expect(shown.out.contains("server.port = 9191    # file"))
        #expect(shown.out.contains("workers.count = 3    # file"))
        let bad = directory.file("bad.yaml")
        try "server:\n  prot: 9191\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try FlussoBinary.run(["config", "show", "--config", bad])
        #expect(refused.status != 0)
        #expect(refused.err.contains("unknown configuration key 'server.prot'"))
        #expect(refused.err.contains("did you mean 'server.port'?"))
    }

    @Test func aMisspeltEnvironmentVariableIsRefusedNamingTheClosestKey() throws {
        let refused = try FlussoBinary.run(["config", "show"], environment: ["FLUSSO_WORKER_COUNT": "3"])
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("error: invalid_configuration: unknown environment variable FLUSSO_WORKER_COUNT"), "\(refused.err)")
        #expect(refused.err.contains("did you mean FLUSSO_WORKERS_COUNT (workers.count)?"))
        #expect(refused.err.split(separator: "\n").count == 1)
    }

    @Test func logLevelReachesTheLoggersOfEveryComponent() throws {
        let arguments = ["embed", "--embedder", "hashing", "nozzle", "--data-dir", directory.path + "/data"]
        let chatty = try FlussoBinary.run(arguments, environment: ["FLUSSO_LOG_LEVEL": "info"])
        #expect(chatty.status == 0 && chatty.err.contains("notice"), "\(chatty.err)")
        let quiet = try FlussoBinary.run(arguments, environment: ["FLUSSO_LOG_LEVEL": "error"])
        #expect(quiet.status == 0 && quiet.err.isEmpty, "\(quiet.err)")
    }

    @Test func theScriptsVariablesOnTheAllowListAreAccepted() throws {
        let allowed = [
            "FLUSSO_ROOT": "/tmp", "FLUSSO_BIN": "/bin/true", "FLUSSO_API_KEY": "x", "FLUSSO_SERVER_URL": "http://127.0.0.1:1",
            "FLUSSO_SHARED_DATA": "/tmp",
        ]
        let shown = try FlussoBinary.run(["config", "show"], environment: allowed)
        #expect(shown.status == 0, "\(shown.err)")
    }

    @Test func invalidValuesAreRefusedWithTheKey() throws {
        let result = try FlussoBinary.run(["config", "show"], environment: ["FLUSSO_WORKERS_COUNT": "many"])
        #expect(result.status != 0)
        #expect(result.err.contains("workers.count"))
    }

    @Test func servingBeyondLoopbackWithoutKeysIsRefused() throws {
        let result = try FlussoBinary.run(["serve", "--host", "0.0.0.0", "--data-dir", dataDir])
        #expect(result.status != 0)
        #expect(result.err.contains("refusing to bind 0.0.0.0 without API keys"))
    }

    @Test func anAPIOnlyServerAcceptsTicketsAndLeavesThemQueued() async throws {
        let server = ServerProcess(dataDir: dataDir, environment: ["FLUSSO_WORKERS_COUNT": "0"])
        try await server.start()
        let client = HTTPJSONClient()
        defer { client.close() }
        let http = client.http(server.baseURL)
        let posted = try await http.post("/tickets", SampleTickets.validJSON)
        #expect(posted.status == 202)
        let id = try #require(posted.json["ticket_id"] as? String)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await http.get("/tickets/\(id)").json["status"] as? String == "NEW")
        #expect(try await http.get("/readyz").json["workers"] as? Int == 0)
        #expect(server.terminate() == 0)
    }

    @Test func submitWaitsForTheFinalTicketAndFeedbackIsExported() async throws {
        let server = ServerProcess(dataDir: dataDir, environment: ["FLUSSO_WORKERS_COUNT": "1"])
        try await server.start()
        let submitted = try FlussoBinary.run(["submit", try ticketFile(), "--wait", "--server", server.baseURL])
        #expect(submitted.status == 0, "\(submitted.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(submitted.out.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "NEEDS_REVIEW")
        let id = try #require(json["ticket_id"] as? String)
        let feedback = try FlussoBinary.run(["submit", "-", "--server", server.baseURL], stdin: "not json")
        #expect(feedback.status != 0)
        #expect(feedback.err.contains("400"))

        let client = HTTPJSONClient()
        defer { client.close() }
        let posted = try await client.http(server.baseURL).post(
            "/tickets/\(id)/feedback", #"{"was_helpful": false, "use_for_training": true, "corrected_category": "thermal", "reviewer": "Anna"}"#)
        #expect(posted.status == 201)
        _ = server.terminate()
        let out = directory.file("train.jsonl")
        let exported = try FlussoBinary.run(["feedback", "export", "--out", out, "--data-dir", dataDir])
        #expect(exported.status == 0, "\(exported.err)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(String(lines[0]).utf8)) as? [String: Any])
        #expect(line["ticket_id"] as? String == id && line["label"] as? String == "thermal" && line["label_source"] as? String == "corrected")
        #expect(line["sender"] as? String == "Anna")
        // Feedback given after a date in the future: nothing; a bad date: one line on stderr.
        let later = try FlussoBinary.run(["feedback", "export", "--out", "-", "--since", "2099-01-01", "--data-dir", dataDir])
        #expect(later.status == 0 && later.out.isEmpty)
        let badDate = try FlussoBinary.run(["feedback", "export", "--out", "-", "--since", "yesterday", "--data-dir", dataDir])
        #expect(badDate.status != 0 && badDate.err.hasPrefix("error: invalid_parameter"))
        let stats = try FlussoBinary.run(["feedback", "stats", "--json", "--data-dir", dataDir])
        #expect(stats.status == 0, "\(stats.err)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.out.utf8)) as? [String: Any])
        #expect((figures["total"] as? [String: Any])?["corrected"] as? Int == 1)
    }
}

@Suite struct OCRCommandTests {
    @Test func ocrPrintsTheTextOfAScan() throws {
        let result = try FlussoBinary.run(["ocr", SharedData.ocrPath("phototest.tif")])
        #expect(result.status == 0, "\(result.err)")
        #expect(characterErrorRate(result.out, reference: String(decoding: try SharedData.ocr("phototest.gold.txt"), as: UTF8.self)) <= 0.03)
    }

    @Test func ocrJSONGivesPagesMethodConfidenceLanguageAndLimits() throws {
        let result = try FlussoBinary.run(["ocr", SharedData.ocrPath("multipage.pdf"), "--lang", "eng", "--max-pages", "4", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let pages = try #require(json["pages"] as? [[String: Any]])
        #expect(pages.compactMap { $0["method"] as? String } == ["ocr", "ocr", "ocr", "text-layer"])
        #expect(json["language"] as? String == "eng" && json["page_count"] as? Int == 6 && json["truncated"] as? Bool == true)
        #expect(json["mean_confidence"] is Double || json["mean_confidence"] is Int)
    }

    @Test func ocrOfAnUnsupportedFileFailsWithOneLine() throws {
        let result = try FlussoBinary.run(["ocr", SharedData.ocrPath("eurotext.txt")])
        #expect(result.status != 0)
        #expect(result.err.contains("error: unsupported_type"))
        #expect(!result.err.contains("LEAK"))
    }
}

@Suite struct LoadTimeEnvironmentTests {
    @Test func flussoStartedWithoutOMPThreadLimitReExecutesItselfWithItSetToOne() async throws {
        let directory = TemporaryDirectory("flusso-omp")
        let server = ServerProcess(dataDir: directory.path + "/data", unsetting: ["OMP_THREAD_LIMIT"])
        try await server.start()
        let pid = try #require(server.processIdentifier)
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        let variables = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(variables.contains("OMP_THREAD_LIMIT=1"))
        #expect(server.terminate() == 0)
    }

    @Test func anExplicitOMPThreadLimitIsKept() async throws {
        let directory = TemporaryDirectory("flusso-omp")
        let server = ServerProcess(dataDir: directory.path + "/data", environment: ["OMP_THREAD_LIMIT": "2"])
        try await server.start()
        let pid = try #require(server.processIdentifier)
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        #expect(environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.contains("OMP_THREAD_LIMIT=2"))
        #expect(server.terminate() == 0)
    }

    /// The environment of a `flusso serve` started with `environment`, without `unsetting`.
    func serverEnvironment(_ environment: [String: String], unsetting: [String]) async throws -> [String] {
        let directory = TemporaryDirectory("flusso-blas")
        let server = ServerProcess(dataDir: directory.path + "/data", environment: environment, unsetting: unsetting)
        try await server.start()
        defer { _ = server.terminate() }
        let pid = try #require(server.processIdentifier)
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        return environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func flussoAsksOpenBLASForTheKernelsThisCPURunsWhenTheLibraryChoseWeakerOnes() async throws {
        // What the library chose in this test process, which OPENBLAS_CORETYPE did not steer.
        try #require(
            ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, "run the tests without OPENBLAS_CORETYPE for this check")
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let expected = BLASKernels.correction(chosen: BLASKernels.chosen, cpuFlags: BLASKernels.cpuFlags(cpuinfo: cpuinfo))
        let variables = try await serverEnvironment([:], unsetting: ["OPENBLAS_CORETYPE"])
        let set = variables.first { $0.hasPrefix("OPENBLAS_CORETYPE=") }
        #expect(set == expected.map { "OPENBLAS_CORETYPE=\($0)" }, "OpenBLAS chose \(BLASKernels.chosen) here")
    }

    @Test func anExplicitOPENBLASCoreTypeIsKept() async throws {
        let variables = try await serverEnvironment(["OPENBLAS_CORETYPE": "Haswell"], unsetting: [])
        #expect(variables.filter { $0.hasPrefix("OPENBLAS_CORETYPE=") } == ["OPENBLAS_CORETYPE=Haswell"])
    }
}
