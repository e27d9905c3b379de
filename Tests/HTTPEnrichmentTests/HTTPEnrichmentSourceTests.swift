import FlussoCore
import FlussoTestSupport
import Foundation
import HTTPEnrichment
import Logging
import Pipeline
import Testing

/// Step 2's sources over a site's own JSON API, against a real server on 127.0.0.1 that
/// misbehaves on demand: fields read through the mapping, 404 as not known, answers cached, and
/// every way of failing a clear `enrichment_source_unavailable` on which the step goes on partial.
@Suite(.serialized) struct HTTPEnrichmentSourceTests {
    func source(
        _ site: SiteAPIServer, customers: String = "/customers/{customer_id}", assets: String? = "/assets/{serial}",
        history: String? = "/history/{serial}", key: String = "secret", ttl: Duration = .seconds(300), timeout: Duration = .seconds(2)
    ) throws -> HTTPEnrichmentSource {
        var settings = HTTPEnrichmentSettings(
            customerURL: site.base + customers, assetURL: assets.map { site.base + $0 }, historyURL: history.map { site.base + $0 })
        settings.headers = [(name: "X-Api-Key", value: key)]
        settings.cacheTTL = ttl
        settings.timeout = timeout
        settings.mapping = try EnrichmentFieldMapping(yaml: SiteAPIServer.mapping, named: "site.yaml")
        return try HTTPEnrichmentSource(settings: settings, logger: Logger(label: "test"))
    }

    @Test func fieldsAreReadThroughTheMappingAndNotFoundIsNoError() async throws {
        let site = try await SiteAPIServer.start()
        let api = try source(site)
        let customer = try #require(try await api.customer(id: "c1"))
        #expect(customer == CustomerRecord(id: "c1", name: "ACME Srl", tier: "gold", slaHours: 4, contract: "C-7"))
        let asset = try #require(try await api.asset(serial: "SN-1"))
        #expect(
            asset
                == AssetRecord(
                    serial: "SN-1", customerID: "c1", productType: "3d-printer", model: "MK4", warrantyEnd: "2030-01-01",
                    installDate: "2025-01-01"))
        // Newest first; the entry whose date is not a date is left out.
        let history = try await api.history(serial: "SN-1", limit: 10)
        #expect(history.map(\.date) == ["2026-11-01", "2026-10-02"] && history[1].parts == "thermistor")
        #expect(try await api.history(serial: "SN-1", limit: 1).count == 1)
        #expect(try await api.customer(id: "missing") == nil)
        // A value of the wrong shape leaves its field empty.
        #expect(try await api.customer(id: "weird")?.slaHours == nil)
        #expect(api.sourceName == "http")
    }

    @Test func answersAreCachedForTheirTTLAndFailuresAreNot() async throws {
        let site = try await SiteAPIServer.start()
        let cached = try source(site)
        for _ in 0..<3 { _ = try await cached.customer(id: "c1") }
        for _ in 0..<2 { _ = try await cached.customer(id: "missing") }
        #expect(site.requests(to: "/customers/c1") == 1 && site.requests(to: "/customers/missing") == 1)
        let uncached = try source(site, ttl: .zero)
        for _ in 0..<2 { _ = try await uncached.customer(id: "c1") }
        #expect(site.requests(to: "/customers/c1") == 3)
        // 503 once: the second attempt answers.
        #expect(try await cached.customer(id: "flaky")?.name == "ACME Srl")
        #expect(site.requests(to: "/customers/flaky") == 2)
        // A failure is asked again next time.
        for _ in 0..<2 { _ = try? await cached.customer(id: "boom") }
        #expect(site.requests(to: "/customers/boom") == 4)
    }

    @Test(arguments: [
        ("boom", "the source answered HTTP 500 (2 attempts)"),
        ("slow", "no answer within the timeout (2 attempts)"),
        ("redirect", "a redirect to http://127.0.0.1:9/elsewhere; redirects are not followed"),
        ("html", "a body that is not a JSON object (text/html)"),
        ("array", "a body that is not a JSON object"),
        ("huge", "the answer is larger than 1048576 bytes"),
    ])
    func everyMisbehaviourIsAClearUnavailableError(id: String, expected: String) async throws {
        let site = try await SiteAPIServer.start()
        let api = try source(site, timeout: .milliseconds(700))
        do {
            _ = try await api.customer(id: id)
            Issue.record("\(id): no error")
        } catch let error as FlussoError {
            #expect(error.code == .enrichmentSourceUnavailable, "\(id): \(error)")
            #expect(error.message.hasPrefix("customer \(id): ") && error.message.contains(expected), "\(id): \(error.message)")
        }
    }

    @Test func aWrongKeyAndADownServerAreUnavailableToo() async throws {
        let site = try await SiteAPIServer.start()
        await #expect(throws: FlussoError.self) { try await source(site, key: "wrong").customer(id: "c1") }
        do {
            _ = try await source(site, key: "wrong").customer(id: "c1")
        } catch let error as FlussoError {
            #expect(error.code == .enrichmentSourceUnavailable && error.message.contains("HTTP 401"), "\(error.message)")
        }
        var settings = HTTPEnrichmentSettings(customerURL: "http://127.0.0.1:\(freePort())/customers/{customer_id}")
        settings.maxAttempts = 2
        let down = try HTTPEnrichmentSource(settings: settings, logger: Logger(label: "test"))
        do {
            _ = try await down.customer(id: "c1")
            Issue.record("no error from a closed port")
        } catch let error as FlussoError {
            #expect(error.code == .enrichmentSourceUnavailable && error.message.contains("connection refused"), "\(error.message)")
        }
    }

    @Test func theIdIsPercentEncodedIntoThePath() async throws {
        let site = try await SiteAPIServer.start()
        _ = try await source(site).customer(id: "a/b c?")
        _ = try await source(site).customer(id: "x&y=1+2")
        #expect(site.requests(to: "/customers/a%2Fb%20c%3F") == 1 && site.requests(to: "/customers/x%26y%3D1%2B2") == 1)
        // `.` and `..` are no id: not known, and nothing is asked.
        #expect(try await source(site).customer(id: "..") == nil)
        #expect(site.requests(to: "/customers/..") == 0 && site.requests(to: "/") == 0)
    }

    @Test func aSourceThatIsDownLeavesTheStepPartialAndTheTicketGoesOn() async throws {
        let site = try await SiteAPIServer.start()
        let api = try source(site)
        let context = StepContext(records: [], logger: Logger(label: "test"))
        let ticket = Ticket(createdAt: Date(), customer: CustomerRef(id: "boom"), asset: AssetRef(serial: "SN-1"), symptomText: "no heat")
        let outcome = try await EnrichStep(customers: api, assets: api).run(ticket, context: context)
        guard case .partial(let done, let reason) = outcome else {
            Issue.record("expected partial, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("customer source unavailable: customer boom: the source answered HTTP 500"), "\(reason)")
        let enrichment = try #require(done.enrichment)
        #expect(!enrichment.customer.found && enrichment.customer.unavailable?.contains("HTTP 500") == true && enrichment.customer.source == "http")
        // The asset came through: its facts are on the ticket.
        #expect(enrichment.asset?.found == true && enrichment.asset?.warranty.status == .inWarranty && done.asset?.model == "MK4")
        #expect(enrichment.asset?.serviceHistory.count == 2)
    }

    @Test func aBadMappingFileNamesTheFileAndTheKey() {
        let cases = [
            ("vendor: { name: /n }", "unknown section 'vendor'"),
            ("customer: { nmae: /n }", "unknown field 'customer.nmae'"),
            ("customer: { name: data.name }", "customer.name must be a JSON pointer"),
            ("customer: [1, 2", "is not YAML"),
            ("- a\n- b", "must be sections"),
        ]
        for (yaml, expected) in cases {
            do {
                _ = try EnrichmentFieldMapping(yaml: yaml, named: "site.yaml")
                Issue.record("accepted: \(yaml)")
            } catch let error as FlussoError {
                #expect(error.code == .invalidMapping && error.message.hasPrefix("site.yaml") && error.message.contains(expected), "\(error.message)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(throws: FlussoError.self) {
            try HTTPEnrichmentSource(settings: .init(customerURL: "ftp://x/{customer_id}"), logger: Logger(label: "t"))
        }
        #expect(throws: FlussoError.self) { try HTTPEnrichmentSource(settings: .init(assetURL: "http://x/assets"), logger: Logger(label: "t")) }
    }
}
