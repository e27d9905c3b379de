import Testing

@testable import TextClassifier

@Suite struct DatasetLoaderTests {
    @Test func csvQuotingCommasDoubledQuotesNewlinesAndCRLF() throws {
        let csv =
            "id,text,label\r\n1,\"Hello, world\",a\r\n2,\"She said \"\"stop\"\"\",b\r\n3,\"two\nlines\",a\r\n4,plain,\"b\"\r\n5,last line without newline,a"
        let data = try DatasetLoader.parse(bytes: Array(csv.utf8), name: "q.csv", fields: DatasetFields())
        #expect(data.examples.map(\.input.text) == ["Hello, world", "She said \"stop\"", "two\nlines", "plain", "last line without newline"])
        #expect(data.examples.map(\.label) == ["a", "b", "a", "b", "a"])
        #expect(data.examples.map(\.origin) == ["q.csv:2", "q.csv:3", "q.csv:4", "q.csv:6", "q.csv:7"])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsAnError() {
        let csv = "text,label\nsay \"hi\",a\n"
        #expect(errorCode { _ = try DatasetLoader.parse(bytes: Array(csv.utf8), name: "x.csv", fields: DatasetFields()) } == "invalid_csv")
    }

    @Test func jsonlWithDottedPathsEscapesAndNumericLabels() throws {
        let jsonl = #"""
            {"t": {"body": "caf\u00e9 \"bar\"\n", "n": 1}, "y": 3}
            {"t": {"body": "emoji \ud83d\ude00"}, "y": "x"}
            """#
        let data = try DatasetLoader.parse(bytes: Array(jsonl.utf8), name: "d.jsonl", fields: DatasetFields(text: "t.body", label: "y"))
        #expect(data.examples.map(\.input.text) == ["café \"bar\"\n", "emoji 😀"])
        #expect(data.examples.map(\.label) == ["3", "x"])
    }

    @Test func ticketFieldsBecomeStructuredFeatures() throws {
        let csv = "symptom_text,error_code,product_type,category\nHotend too hot,17105,3d-printer,thermal\n"
        let data = try DatasetLoader.parse(bytes: Array(csv.utf8), name: "t.csv", fields: DatasetFields(text: "symptom_text", label: "category"))
        #expect(data.examples[0].input == TicketFeatures.input(symptomText: "Hotend too hot", errorCode: "17105", productType: "3d-printer"))
    }

    @Test func feedbackExportLinesAreReadFromTheirTicket() throws {
        let jsonl = """
            {"feedback": {"was_helpful": true}, "ticket": {"symptom_text": "Nozzle clogged", "error_code": "13101", "asset": {"product_type": "3d-printer"}, "classification": {"category": "extrusion", "confidence": 0.9}}}
            {"feedback": {"was_helpful": true}, "ticket": {"symptom_text": "Not yet classified"}}
            """
        let data = try DatasetLoader.parse(
            bytes: Array(jsonl.utf8), name: "export.jsonl",
            fields: DatasetFields(text: "symptom_text", label: "category"))
        #expect(data.examples.count == 1)
        #expect(data.examples[0].label == "extrusion")
        #expect(data.examples[0].input == TicketFeatures.input(symptomText: "Nozzle clogged", errorCode: "13101", productType: "3d-printer"))
        #expect(data.skipped == ["export.jsonl:2: exported ticket has no classification.category"])
    }

    @Test func severalFilesAreConcatenated() throws {
        let a = try temporaryFile("a.csv", "text,label\nhello,x\n")
        let b = try temporaryFile("b.jsonl", "{\"text\": \"bye\", \"label\": \"y\"}\n")
        let data = try DatasetLoader.load(files: [a, b], fields: DatasetFields())
        #expect(data.examples.map(\.label) == ["x", "y"])
        #expect(data.examples[1].origin == "\(b):1")
    }
}
