import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Pipeline
import Testing
import TextClassifier

@Suite struct TicketRoutesTests {
    @Test func postingATicketAnswers202WithItsIDAndStoresItNew() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(.post, "/tickets", body: SampleTickets.validJSON)
            #expect(response.status == 202)
            let id = try #require(response.json["ticket_id"] as? String)
            #expect(response.json["status"] as? String == "PROCESSING")
            #expect(response.headers[.location] == "/tickets/\(id)")
            #expect(try await harness.store.ticket(id: id)?.status == .new)
        }
    }

    @Test func aProcessedTicketShowsTenStepRecordsInOrder() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            try await harness.processQueued()
            let detail = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            #expect(detail.status == 200)
            #expect(detail.json["status"] as? String == "NEEDS_REVIEW")
            let steps = try #require(detail.json["steps"] as? [[String: Any]])
            #expect(
                steps.compactMap { $0["step"] as? String } == [
                    "intake", "validate", "enrich", "ocr", "classify", "retrieve", "generate", "guard", "store", "notify",
                ])
            #expect(steps.allSatisfy { ($0["attempts"] as? Int ?? 0) >= 1 && $0["duration_ms"] != nil })
        }
    }

    @Test func anEnrichedTicketCarriesItsCustomerAndAssetAsDocumented() async throws {
        let harness = try APIHarness()
        let sources = SQLiteEnrichmentStore(database: harness.database)
        try await sources.upsert(customers: [CustomerRecord(id: "cust-42", name: "ACME", tier: "gold", slaHours: 4)])
        try await sources.upsert(assets: [AssetRecord(serial: "SN-1", model: "MK4", warrantyEnd: "2030-01-01", installDate: "2025-01-01")])
        try await sources.add(history: [ServiceEvent(serial: "SN-1", date: "2026-10-02", action: "replaced thermistor")])
        try await harness.run { client in
            let body = #"{"customer":{"id":"cust-42"},"asset":{"serial":"SN-1"},"symptom_text":"Thermal runaway on the hotend"}"#
            let id = try #require(try await client.send(.post, "/tickets", body: body).json["ticket_id"] as? String)
            try await harness.processQueued(enrich: EnrichStep(customers: sources, assets: sources))
            // `send` checks the answer against the OpenAPI document, the Enrichment schema included.
            let detail = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            let enrichment = try #require(detail.json["enrichment"] as? [String: Any])
            #expect((enrichment["customer"] as? [String: Any])?["tier"] as? String == "gold")
            let asset = try #require(enrichment["asset"] as? [String: Any])
            #expect((asset["warranty"] as? [String: Any])?["status"] as? String == "in_warranty")
            #expect((detail.json["asset"] as? [String: Any])?["model"] as? String == "MK4")
            let steps = try #require(detail.json["steps"] as? [[String: Any]])
            #expect(steps.first { $0["step"] as? String == "enrich" }?["status"] as? String == "succeeded")
        }
    }

    @Test func overdueTicketsAreListedCountedAndCarryTheirSLA() async throws {
        let harness = try APIHarness()
        let sources = SQLiteEnrichmentStore(database: harness.database)
        // 0.0001 h = 0.36 s: due before the test looks again.
        try await sources.upsert(customers: [
            CustomerRecord(id: "hurry", name: "Rush Ltd", tier: "platinum", slaHours: 0.0001),
            CustomerRecord(id: "calm", name: "Calm Spa", tier: "bronze", slaHours: 48),
        ])
        try await harness.run { client in
            let hurried = #"{"customer":{"id":"hurry"},"symptom_text":"Thermal runaway on the hotend"}"#
            let calm = #"{"customer":{"id":"calm"},"symptom_text":"Thermal runaway on the hotend"}"#
            let late = try #require(try await client.send(.post, "/tickets", body: hurried).json["ticket_id"] as? String)
            let onTime = try #require(try await client.send(.post, "/tickets", body: calm).json["ticket_id"] as? String)
            try await harness.processQueued(enrich: EnrichStep(customers: sources, assets: sources))
            try await Task.sleep(for: .milliseconds(500))
            // `send` checks each answer against the OpenAPI document (TicketSLA, the overdue parameter).
            let overdue = try await client.send(.get, "/tickets?overdue=true")
            #expect((overdue.json["tickets"] as? [[String: Any]])?.compactMap { $0["ticket_id"] as? String } == [late])
            let all = try await client.send(.get, "/tickets?overdue=false")
            #expect((all.json["tickets"] as? [[String: Any]])?.count == 2)
            let detail = try await client.send(.get, "/tickets/\(onTime)", template: "/tickets/{id}")
            let sla = try #require(detail.json["sla"] as? [String: Any])
            #expect(sla["breached"] as? Bool == false && (sla["remaining_s"] as? Double ?? 0) > 47 * 3600 && sla["basis"] as? String == "calendar")
            let lateDetail = try await client.send(.get, "/tickets/\(late)", template: "/tickets/{id}")
            #expect((lateDetail.json["sla"] as? [String: Any])?["breached"] as? Bool == true)
            let metrics = try await client.send(.get, "/metrics")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("\nflusso_tickets_overdue 1\n"))
            let bad = try await client.send(.get, "/tickets?overdue=maybe")
            #expect(bad.status == 400 && (bad.json["error"] as? [String: Any])?["code"] as? String == "invalid_parameter")
        }
    }

    @Test func aClassifiedTicketCarriesItsClassificationAsDocumented() async throws {
        let harness = try APIHarness()
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let examples = try DatasetLoader.load(
            files: [repo + "/training/tickets.jsonl"],
            fields: DatasetFields(text: "symptom_text", label: "category")
        ).examples
        let classifier = LinearTicketClassifier(model: try TextClassifierTrainer.train(examples: examples).model)
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            try await harness.processQueued(classifier: classifier)
            // `send` holds the response against the OpenAPI document, classification included.
            let detail = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            #expect(detail.status == 200)
            let classification = try #require(detail.json["classification"] as? [String: Any])
            #expect(classification["category"] as? String == "thermal")
            #expect((classification["top_3"] as? [[String: Any]])?.count == 3)
            let steps = try #require(detail.json["steps"] as? [[String: Any]])
            #expect(steps.first { $0["step"] as? String == "classify" }?["status"] as? String == "succeeded")
        }
    }

    @Test func listingPaginatesNewestFirst() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            var posted: [String] = []
            for _ in 0..<5 {
                posted.append(try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/tickets?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send(.get, uri)
                #expect(page.status == 200)
                seen += (page.json["tickets"] as? [[String: Any]] ?? []).compactMap { $0["ticket_id"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen == posted.reversed())
            let filtered = try await client.send(.get, "/tickets?status=ready")
            #expect((filtered.json["tickets"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func badQueryParametersAre400WithTheField() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            for (query, field) in [("status=BOGUS", "status"), ("limit=0", "limit"), ("limit=abc", "limit"), ("cursor=zzz", "cursor")] {
                let response = try await client.send(.get, "/tickets?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(response.errorField == field)
            }
        }
    }

    @Test func unknownAndMalformedTicketIDsAre404() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response1 = try await client.send(.get, "/tickets/\(Ticket.newID())", template: "/tickets/{id}")
            #expect(response1.errorCode == "not_found")
            let response2 = try await client.send(.get, "/tickets/..%2F..%2Fetc", template: "/tickets/{id}")
            #expect(response2.status == 404)
        }
    }

    @Test func anUnknownRouteIs404InTheErrorFormat() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let answer = try await client.client.execute(uri: "/nowhere", method: .get)
            #expect(answer.status.code == 404)
            let json = try JSONSerialization.jsonObject(with: Data(answer.body.readableBytesView)) as? [String: Any]
            #expect((json?["error"] as? [String: Any])?["code"] as? String == "route_not_found")
        }
    }

    @Test func healthAndReadinessAnswer() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response3 = try await client.send(.get, "/healthz")
            #expect(response3.status == 200)
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == 200)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    @Test func metricsReportStatusesAndQueue() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            _ = try await client.send(.post, "/tickets", body: SampleTickets.validJSON)
            let metrics = try await client.send(.get, "/metrics")
            let text = String(decoding: metrics.body, as: UTF8.self)
            #expect(text.contains("flusso_tickets{status=\"NEW\"} 1"))
            #expect(text.contains("flusso_queue_depth 1"))
            #expect(text.contains("flusso_dead_letters 0"))
        }
    }

    @Test func theOpenAPIDocumentIsServed() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(.get, "/openapi.yaml")
            #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("openapi: 3.1.0"))
        }
    }
}

@Suite struct OpenAPIConformanceTests {
    @Test func anUndocumentedPropertyIsReported() throws {
        let conformance = try OpenAPIConformance()
        let body = Data(#"{"error": {"code": "x", "message": "y", "extra": 1}}"#.utf8)
        #expect(!conformance.problems(method: "GET", path: "/tickets/{id}", status: 404, contentType: "application/json", body: body).isEmpty)
    }

    @Test func anUndocumentedStatusIsReported() throws {
        let conformance = try OpenAPIConformance()
        #expect(!conformance.problems(method: "GET", path: "/healthz", status: 418, contentType: "application/json", body: Data("{}".utf8)).isEmpty)
    }

    @Test func aWrongTypeIsReported() throws {
        let conformance = try OpenAPIConformance()
        let body = Data(#"{"ticket_id": "tkt_x", "status": "PROCESSING"}"#.utf8)
        #expect(!conformance.problems(method: "POST", path: "/tickets", status: 202, contentType: "application/json", body: body).isEmpty)
        let good = Data(#"{"ticket_id": "tkt_8d6b1c7e-6f1e-4a57-9a43-2f1f7d3c9b10", "status": "PROCESSING"}"#.utf8)
        #expect(conformance.problems(method: "POST", path: "/tickets", status: 202, contentType: "application/json", body: good).isEmpty)
    }
}
