import FlussoTestSupport
import Foundation
import Testing

/// `flusso enrich import` and `show` through the binary: bad rows listed with exit 2 and the rest
/// imported; a bad file or kind is one line on stderr.
@Suite(.serialized) struct EnrichCommandTests {
    let directory = TemporaryDirectory("flusso-enrich-cli")
    var dataDir: String { directory.path + "/data" }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func importListsRejectedRowsExitsTwoAndKeepsTheRest() throws {
        let file = try write("customers.csv", "id,name,tier,sla_hours\nc1,ACME,gold,4\nc2,Beta,,many\n")
        let result = try FlussoBinary.run(["enrich", "import", "customers", file, "--data-dir", dataDir])
        #expect(result.status == 2, "\(result.err)")
        #expect(result.out.contains("imported 1 customers row(s)"))
        #expect(result.out.contains("rejected \(file):3: sla_hours must be"))
        let shown = try FlussoBinary.run(["enrich", "show", "customer", "c1", "--data-dir", dataDir])
        #expect(shown.status == 0, "\(shown.err)")
        let customer = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
        #expect(customer["name"] as? String == "ACME" && customer["sla_hours"] as? Double == 4)
    }

    @Test func assetsAndHistoryImportAndShowTogether() throws {
        let assets = try write("assets.jsonl", #"{"serial": "SN-1", "customer_id": "c1", "model": "MK4", "warranty_end": "2030-01-01"}"# + "\n")
        #expect(try FlussoBinary.run(["enrich", "import", "assets", assets, "--data-dir", dataDir]).status == 0)
        let history = try write("history.csv", "serial,date,action,parts\nSN-1,2026-10-02,replaced thermistor,thermistor\n")
        #expect(try FlussoBinary.run(["enrich", "import", "history", history, "--json", "--data-dir", dataDir]).status == 0)
        let shown = try FlussoBinary.run(["enrich", "show", "asset", "SN-1", "--data-dir", dataDir])
        let view = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
        #expect((view["asset"] as? [String: Any])?["warranty_end"] as? String == "2030-01-01")
        #expect((view["history"] as? [[String: Any]])?.first?["action"] as? String == "replaced thermistor")
    }

    @Test func aProcessedTicketCarriesTheImportedFacts() throws {
        let customers = try write("c.csv", "id,name,tier,sla_hours,contract\ncust-9,ACME Srl,gold,4,C-2026-01\n")
        #expect(try FlussoBinary.run(["enrich", "import", "customers", customers, "--data-dir", dataDir]).status == 0)
        let assets = try write(
            "a.csv", "serial,customer_id,product_type,model,warranty_end,install_date\nSN-9,cust-9,3d-printer,MK4,2099-01-01,2025-01-01\n")
        #expect(try FlussoBinary.run(["enrich", "import", "assets", assets, "--data-dir", dataDir]).status == 0)
        let ticket = try write("t.json", #"{"customer": {"id": "cust-9"}, "asset": {"serial": "SN-9"}, "symptom_text": "The hotend does not heat"}"#)
        let result = try FlussoBinary.run(["process", ticket, "--json", "--data-dir", dataDir], environment: ["FLUSSO_EMBEDDINGS_ENGINE": "hashing"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let enrichment = try #require(json["enrichment"] as? [String: Any])
        #expect((enrichment["customer"] as? [String: Any])?["contract"] as? String == "C-2026-01")
        #expect(((enrichment["asset"] as? [String: Any])?["warranty"] as? [String: Any])?["status"] as? String == "in_warranty")
        #expect((json["asset"] as? [String: Any])?["model"] as? String == "MK4")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.first { $0["step"] as? String == "enrich" }?["status"] as? String == "succeeded")
        // The answer carries the facts as context notes citing their records, and the guardrails accept them.
        let notes = try #require((json["solution"] as? [String: Any])?["context_notes"] as? [[String: Any]])
        #expect(notes.first?["text"] as? String == "Under warranty until 2099-01-01: replacement parts are covered.")
        #expect(notes.first?["source"] as? String == "asset:SN-9")
        #expect(notes.contains { ($0["source"] as? String) == "customer:cust-9" })
        let issues = ((json["guardrails"] as? [String: Any])?["issues"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(!issues.contains("unknown_context_source") && !issues.contains("context_note_not_supported"), "\(issues)")
    }

    @Test func aSecondTicketFindsTheFirstAsSimilar() throws {
        let assets = try write("a.csv", "serial,model\nSN-1,MK4\nSN-2,MK4\nSN-3,XL\n")
        #expect(try FlussoBinary.run(["enrich", "import", "assets", assets, "--data-dir", dataDir]).status == 0)
        func process(_ serial: String) throws -> [String: Any] {
            let ticket = try write(
                "\(serial).json", #"{"customer": {"id": "c"}, "asset": {"serial": "\#(serial)"}, "symptom_text": "Thermal runaway on the hotend"}"#)
            let result = try FlussoBinary.run(
                ["process", ticket, "--json", "--data-dir", dataDir], environment: ["FLUSSO_EMBEDDINGS_ENGINE": "hashing"])
            #expect(result.status == 0, "\(result.err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        }
        let first = try process("SN-1")
        #expect((first["enrichment"] as? [String: Any])?["similar_tickets"] as? [Any] != nil)
        let second = try process("SN-2")
        let similar = try #require((second["enrichment"] as? [String: Any])?["similar_tickets"] as? [[String: Any]])
        #expect(similar.count == 1 && similar.first?["ticket_id"] as? String == first["ticket_id"] as? String)
        #expect((similar.first?["similarity"] as? Double ?? 0) > 0.99 && similar.first?["status"] as? String == first["status"] as? String)
        // Another model: not similar, however alike the words.
        let other = try process("SN-3")
        #expect(((other["enrichment"] as? [String: Any])?["similar_tickets"] as? [Any])?.isEmpty == true)
    }

    @Test func overdueTicketsAreListedAndBadSLASettingsRefused() throws {
        let customers = try write("c.csv", "id,name,tier,sla_hours\nrush,Rush Ltd,platinum,0.0001\ncalm,Calm Spa,bronze,48\n")
        #expect(try FlussoBinary.run(["enrich", "import", "customers", customers, "--data-dir", dataDir]).status == 0)
        var ids: [String] = []
        for customer in ["rush", "calm"] {
            let ticket = try write("\(customer).json", #"{"customer": {"id": "\#(customer)"}, "symptom_text": "The hotend does not heat"}"#)
            let result = try FlussoBinary.run(
                ["process", ticket, "--json", "--data-dir", dataDir], environment: ["FLUSSO_EMBEDDINGS_ENGINE": "hashing"])
            #expect(result.status == 0, "\(result.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            #expect((json["sla"] as? [String: Any])?["due_at"] is String)
            ids.append(try #require(json["ticket_id"] as? String))
        }
        Thread.sleep(forTimeInterval: 0.5)
        let listed = try FlussoBinary.run(["tickets", "list", "--overdue", "--json", "--data-dir", dataDir])
        #expect(listed.status == 0, "\(listed.err)")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [String: Any])
        let tickets = try #require(page["tickets"] as? [[String: Any]])
        #expect(tickets.compactMap { $0["ticket_id"] as? String } == [ids[0]])
        #expect((tickets.first?["sla"] as? [String: Any])?["breached"] as? Bool == true)
        let text = try FlussoBinary.run(["tickets", "list", "--data-dir", dataDir])
        #expect(text.out.contains("(breached)") && text.out.split(separator: "\n").count == 2, "\(text.out)")
        let mapping = try write("bad-mapping.yaml", "customer: { nmae: /name }\n")
        let badSettings: [([String: String], String)] = [
            (["FLUSSO_SLA_BUSINESS_HOURS": "18:00-09:00"], "sla.business_hours"),
            (["FLUSSO_ENRICH_HTTP_CUSTOMER_URL": "ftp://crm/{customer_id}"], "enrich.http.customer_url"),
            (["FLUSSO_ENRICH_HTTP_HISTORY_URL": "http://crm/h/{serial}"], "enrich.http.history_url needs enrich.http.asset_url"),
            (["FLUSSO_ENRICH_HTTP_ASSET_URL": "http://crm/a/{serial}", "FLUSSO_ENRICH_HTTP_MAPPING_FILE": mapping], "customer.nmae"),
            (["FLUSSO_ENRICH_HTTP_ASSET_URL": "http://crm/a/{serial}", "FLUSSO_ENRICH_HTTP_AUTH_HEADER": "token"], "'Name: value'"),
        ]
        for (environment, expected) in badSettings {
            let bad = try FlussoBinary.run(["tickets", "list", "--data-dir", dataDir], environment: environment)
            #expect(bad.status == 1 && bad.err.contains(expected) && bad.err.split(separator: "\n").count == 1, "\(environment): \(bad.err)")
        }
    }

    @Test func badInputIsOneLineOnStderr() throws {
        let unknownColumn = try write("bad.csv", "id,nmae\nc1,x\n")
        let cases: [[String]] = [
            ["enrich", "import", "customers", unknownColumn], ["enrich", "import", "widgets", unknownColumn],
            ["enrich", "import", "customers", directory.path + "/missing.csv"], ["enrich", "show", "customer", "nobody"],
        ]
        for arguments in cases {
            let result = try FlussoBinary.run(arguments + ["--data-dir", dataDir])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.err.hasPrefix("error: ") && result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
        }
    }
}
