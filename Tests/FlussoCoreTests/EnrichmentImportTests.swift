import FlussoCore
import Foundation
import Testing

/// Import files: CSV with a header or JSONL; every bad row is named with its line and reason and
/// the good rows still come through.
@Suite struct EnrichmentImportTests {
    func data(_ text: String) -> Data { Data(text.utf8) }

    @Test func customersFromCSVWithQuotedFieldsAndCRLF() throws {
        let batch = try EnrichmentImport.customers(data("id,name,tier,sla_hours,contract\r\nc1,\"ACME, Srl\",gold,4,C-1\r\nc2,Beta,,,\r\n"))
        #expect(batch.rejections.isEmpty)
        #expect(
            batch.records == [
                CustomerRecord(id: "c1", name: "ACME, Srl", tier: "gold", slaHours: 4, contract: "C-1"),
                CustomerRecord(id: "c2", name: "Beta"),
            ])
    }

    @Test func badRowsAreRejectedWithTheirLineAndTheRestIsKept() throws {
        let text = "id,name,sla_hours\nc1,A,4\n,NoId,\nc2,B,-1\nc1,Again,\nc3\nc4,D,8\n"
        let batch = try EnrichmentImport.customers(data(text))
        #expect(batch.records.map(\.id) == ["c1", "c4"])
        #expect(batch.rejections.map(\.line) == [3, 4, 5, 6])
        #expect(batch.rejections[0].reason == "id is required")
        #expect(batch.rejections[1].reason.hasPrefix("sla_hours must be"))
        #expect(batch.rejections[2].reason == "duplicate id c1 (first on line 2)")
        #expect(batch.rejections[3].reason == "expected 3 columns, found 1")
    }

    @Test func anUnknownColumnRefusesTheWholeFile() {
        #expect(throws: FlussoError.self) { try EnrichmentImport.customers(data("id,nmae\nc1,x\n")) }
    }

    @Test func assetsFromJSONLWithDatesCheckedAndUnknownFieldsRefused() throws {
        let text = """
            {"serial": "SN-1", "customer_id": "c1", "model": "MK4", "warranty_end": "2030-01-01", "install_date": "2024-02-29"}
            {"serial": "SN-2", "install_date": "2023-02-29"}
            {"serial": "SN-3", "colour": "red"}
            [1]
            {"serial": 17}
            """
        let batch = try EnrichmentImport.assets(data(text))
        #expect(
            batch.records == [
                AssetRecord(serial: "SN-1", customerID: "c1", model: "MK4", warrantyEnd: "2030-01-01", installDate: "2024-02-29"),
                AssetRecord(serial: "17"),
            ])
        #expect(batch.rejections.map(\.line) == [2, 3, 4])
        #expect(batch.rejections[0].reason.contains("install_date must be a date"))
        #expect(batch.rejections[1].reason.hasPrefix("unknown field 'colour'"))
    }

    @Test func linesThatAreNotUTF8OrTooLongAreRejectedAlone() throws {
        var bytes = Data("serial,date,action\nSN-1,2026-10-02,cleaned\n".utf8)
        bytes.append(contentsOf: [0x53, 0x4E, 0xFF, 0xFE, 0x2C, 0x0A])
        bytes.append(Data(("SN-1,2026-10-03," + String(repeating: "x", count: EnrichmentImport.maxLineBytes) + "\n").utf8))
        bytes.append(Data("SN-1,2026-10-04,replaced fan\n".utf8))
        let batch = try EnrichmentImport.history(bytes)
        #expect(batch.records.map(\.date) == ["2026-10-02", "2026-10-04"])
        #expect(batch.rejections.map(\.line) == [3, 4])
        #expect(batch.rejections[0].reason == "the line is not UTF-8 text")
        #expect(batch.rejections[1].reason.contains("at most \(EnrichmentImport.maxLineBytes)"))
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "26-01-01", "2026-1-01", "2026-01-32", "yesterday", "٢٠٢٦-٠١-٠١"])
    func notACalendarDate(text: String) {
        #expect(!EnrichmentImport.isISODate(text))
    }

    @Test func calendarDates() {
        #expect(EnrichmentImport.isISODate("2024-02-29") && EnrichmentImport.isISODate("2026-12-31"))
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstColumnAndDatesAreDigitsOnly() throws {
        var csv = Data([0xEF, 0xBB, 0xBF])
        csv.append(Data("id,name\nc1,ACME\n".utf8))
        #expect(try EnrichmentImport.customers(csv).records.map(\.id) == ["c1"])
        var jsonl = Data([0xEF, 0xBB, 0xBF])
        jsonl.append(Data(#"{"id": "c2", "name": "Beta"}"#.utf8))
        #expect(try EnrichmentImport.customers(jsonl).records.map(\.id) == ["c2"])
        #expect(!EnrichmentImport.isISODate("2026-+1-05") && !EnrichmentImport.isISODate("+026-01-05") && EnrichmentImport.isISODate("2026-01-05"))
    }
}
