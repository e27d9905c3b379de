import AsyncHTTPClient
import FlussoCore
import FlussoTestSupport
import Foundation
import Synchronization
import Testing

/// `kill -9` of a real `flusso serve` at any moment loses no accepted ticket: after a restart
/// every one reaches a final status, and no finished step is run again.
@Suite(.serialized) struct CrashRecoveryTests {
    static let expectedSteps = ["intake", "validate", "enrich", "ocr", "classify", "retrieve", "generate", "guard", "store", "notify"]

    /// Pauses make a kill land inside tickets; short leases make a restarted server take them back quickly.
    static let environment = [
        "FLUSSO_FAULTS_STEP_DELAY_MS": "25",
        "FLUSSO_QUEUE_VISIBILITY_TIMEOUT_S": "1",
        "FLUSSO_QUEUE_RETRY_DELAY_S": "0.2",
        "FLUSSO_WORKERS_COUNT": "2",
        "FLUSSO_LOG_LEVEL": "info",
    ]

    /// Posts tickets until `count` were sent or the server dies; returns the accepted ids and
    /// counts them in `acceptedSoFar` as they come.
    func postTickets(_ http: HTTPJSON, count: Int, acceptedSoFar: AcceptedCount? = nil) async -> [String] {
        var accepted: [String] = []
        for index in 0..<count {
            let body = #"{"customer":{"id":"c\#(index)"},"asset":{"model":"MK4"},"error_code":"17105","symptom_text":"crash test ticket \#(index)"}"#
            guard let answer = try? await http.post("/tickets", body) else { break }
            if answer.status == 202, let id = answer.json["ticket_id"] as? String {
                accepted.append(id)
                acceptedSoFar?.value.add(1, ordering: .relaxed)
            }
        }
        return accepted
    }

    @Test func killNineAtAnyMomentLosesNoAcceptedTicket() async throws {
        let directory = TemporaryDirectory("flusso-crash")
        let dataDir = directory.path + "/data"
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        var accepted: [String] = []
        var logs = ""

        // Round 1 and 2: kill -9 while tickets are being posted and processed.
        for (round, killAfter) in [(1, 400), (2, 250)] {
            let server = ServerProcess(dataDir: dataDir, environment: Self.environment)
            try await server.start()
            let http = HTTPJSON(client: client, base: server.baseURL)
            // Some tickets are surely accepted and in the pipeline before the kill, however busy the machine.
            accepted += await postTickets(http, count: 10)
            let acceptedSoFar = AcceptedCount()
            async let posted = postTickets(http, count: 400, acceptedSoFar: acceptedSoFar)
            try await Task.sleep(for: .milliseconds(killAfter))
            // On a busy machine the first answers can take longer than that: the kill waits (up to
            // 30 s) until the batch has had a ticket accepted, so it lands while tickets arrive.
            let patience = ContinuousClock.now + .seconds(30)
            while acceptedSoFar.value.load(ordering: .relaxed) == 0, ContinuousClock.now < patience {
                try await Task.sleep(for: .milliseconds(20))
            }
            // ...and until a worker holds a ticket (one is PROCESSING): a kill then most likely lands
            // inside a ticket, which the next server must take back (receives=2).
            while ContinuousClock.now < patience {
                let listed = try? await http.get("/tickets?status=PROCESSING&limit=1")
                if let tickets = listed?.json["tickets"] as? [Any], !tickets.isEmpty { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            server.kill9()
            let ids = await posted
            #expect(!ids.isEmpty, "round \(round) accepted nothing before the kill")
            accepted += ids
            logs += server.log()
        }

        // Round 3: restart and let everything finish.
        let server = ServerProcess(dataDir: dataDir, environment: Self.environment)
        try await server.start()
        let http = HTTPJSON(client: client, base: server.baseURL)
        let deadline = ContinuousClock.now + .seconds(240)
        var pending = Set(accepted)
        while !pending.isEmpty && ContinuousClock.now < deadline {
            for id in pending {
                let answer = try await http.get("/tickets/\(id)")
                // Final, and step 9 recorded: a ticket killed between the store step (which makes it
                // final) and notify is final before its job comes back for notify.
                let steps = answer.json["steps"] as? [[String: Any]] ?? []
                if let status = answer.json["status"] as? String, TicketStatus(rawValue: status)?.isFinal == true,
                    steps.count == Self.expectedSteps.count
                {
                    pending.remove(id)
                }
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(pending.isEmpty, "\(pending.count) of \(accepted.count) accepted tickets never reached a final status")

        for id in accepted {
            let answer = try await http.get("/tickets/\(id)")
            #expect(answer.status == 200, "accepted ticket \(id) was lost")
            #expect(answer.json["status"] as? String == "NEEDS_REVIEW")
            let steps = answer.json["steps"] as? [[String: Any]] ?? []
            #expect(steps.compactMap { $0["step"] as? String } == Self.expectedSteps, "ticket \(id)")
            #expect(steps.allSatisfy { ($0["status"] as? String) != "failed" && ($0["attempts"] as? Int) == 1 }, "ticket \(id)")
        }
        // Read after the server has exited: a worker logs "ticket finished" just after the ticket
        // shows final through the API, so the last lines may not be written before that.
        _ = server.terminate()
        logs += server.log()
        // The kills really landed inside tickets: some were delivered again and resumed — by the
        // second server or the last one, and possibly after both kills (receives=3).
        #expect(
            logs.contains("receives=2") || logs.contains("receives=3"),
            "no ticket was resumed after a kill; the test did not exercise recovery")
        #expect(!logs.contains("step_already_finished") && !logs.contains("already finished this step"))
        Swift.print("crash test: \(accepted.count) accepted tickets across two kill -9, all final after restart")
    }

    @Test func sigtermFinishesOrReleasesInFlightTicketsAndExitsCleanly() async throws {
        let directory = TemporaryDirectory("flusso-term")
        let dataDir = directory.path + "/data"
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let first = ServerProcess(dataDir: dataDir, environment: Self.environment)
        try await first.start()
        let ids = await postTickets(HTTPJSON(client: client, base: first.baseURL), count: 12)
        #expect(ids.count == 12)
        try await Task.sleep(for: .milliseconds(150))
        #expect(first.terminate() == 0)
        #expect(first.log().contains("workers stopped"))

        let second = ServerProcess(dataDir: dataDir, environment: Self.environment)
        try await second.start()
        let http = HTTPJSON(client: client, base: second.baseURL)
        let deadline = ContinuousClock.now + .seconds(60)
        var pending = Set(ids)
        while !pending.isEmpty && ContinuousClock.now < deadline {
            for id in pending where (try await http.get("/tickets/\(id)")).json["status"] as? String == "NEEDS_REVIEW" {
                pending.remove(id)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        _ = second.terminate()
        #expect(pending.isEmpty)
    }
}

/// Tickets accepted so far by a posting task, read by the test that kills the server.
final class AcceptedCount: Sendable {
    let value = Atomic<Int>(0)
}
