import Testing

@testable import TextClassifier

/// Each bad input of the issue: a clear error, or the documented behaviour.
@Suite struct BadInputTests {
    let fields = DatasetFields(text: "text", label: "label")

    @Test func anEmptyFileIsAnEmptyDataset() throws {
        #expect(errorCode { _ = try DatasetLoader.load(files: [try temporaryFile("empty.csv", "")], fields: fields) } == "empty_dataset")
        #expect(errorCode { _ = try DatasetLoader.load(files: [try temporaryFile("header.csv", "text,label\n")], fields: fields) } == "empty_dataset")
        #expect(errorCode { _ = try DatasetLoader.load(files: [try temporaryFile("empty.jsonl", "\n\n")], fields: fields) } == "empty_dataset")
        #expect(errorCode { _ = try DatasetLoader.load(files: [], fields: fields) } == "empty_dataset")
        #expect(errorCode { _ = try TextClassifierTrainer.train(examples: []) } == "empty_dataset")
    }

    @Test func aMissingColumnNamesTheFileAndTheColumns() throws {
        let path = try temporaryFile("data.csv", "body,label\nhello,a\n")
        #expect(errorCode { _ = try DatasetLoader.load(files: [path], fields: fields) } == "missing_field")
        let message = errorMessage { _ = try DatasetLoader.load(files: [path], fields: fields) } ?? ""
        #expect(message.contains(path) && message.contains("'text'") && message.contains("body, label"))
        let jsonl = try temporaryFile("data.jsonl", "{\"text\": \"hi\", \"label\": \"a\"}\n{\"text\": \"yo\"}\n")
        #expect(errorMessage { _ = try DatasetLoader.load(files: [jsonl], fields: fields) } == "\(jsonl):2: no label field 'label'")
    }

    @Test func aSingleClassCannotBeTrained() {
        let examples = (0..<20).map { LabelledExample(text: "ticket number \($0)", label: "thermal") }
        #expect(errorCode { _ = try TextClassifierTrainer.train(examples: examples) } == "single_class")
    }

    @Test func aLabelWithOneExampleIsTrainedOnAndReported() throws {
        var examples = try ticketExamples()
        examples.append(LabelledExample(input: ClassifierInput(text: "the laser lens is scratched"), label: "optics", origin: "extra.csv:2"))
        let result = try TextClassifierTrainer.train(examples: examples)
        #expect(result.model.labels.contains("optics"))
        #expect(result.report.warnings.contains { $0.contains("'optics' has one example") && $0.contains("extra.csv:2") })
    }

    @Test func nonUTF8TextNamesTheLine() throws {
        let bytes = Array("text,label\nok,a\n".utf8) + [0x62, 0xE8, 0x2C, 0x61, 0x0A]  // "b\xE8,a" (Latin-1 è)
        let path = try temporaryFile("latin1.csv", bytes)
        #expect(errorCode { _ = try DatasetLoader.load(files: [path], fields: fields) } == "invalid_utf8")
        #expect(errorMessage { _ = try DatasetLoader.load(files: [path], fields: fields) } == "\(path):3: the text is not valid UTF-8")
    }

    @Test func emptyTextAtPredictionIsRefused() throws {
        let model = try ticketModel.get()
        for text in ["", "   ", "?!… --"] {
            #expect(errorCode { _ = try model.predict(text) } == "empty_text")
        }
        // Text whose n-grams were never seen still gets a (prior-like) prediction.
        #expect(try model.predict("zzqx").top.count == 3)
    }

    @Test func trainingRowsWithEmptyTextAreSkippedAndListed() throws {
        let path = try temporaryFile("data.csv", "text,label\nhello there,a\n\"  \",b\nhi,b\n")
        let data = try DatasetLoader.load(files: [path], fields: fields)
        #expect(data.examples.map(\.label) == ["a", "b"])
        #expect(data.skipped == ["\(path):3: empty text"])
    }

    @Test func malformedRecordsNameFileAndLine() throws {
        let csv = try temporaryFile("bad.csv", "text,label\n\"unterminated,a\n")
        #expect(errorCode { _ = try DatasetLoader.load(files: [csv], fields: fields) } == "invalid_csv")
        let short = try temporaryFile("short.csv", "text,label\nonly one field\n")
        #expect(errorMessage { _ = try DatasetLoader.load(files: [short], fields: fields) } == "\(short):2: 1 field(s), the header has 2")
        let json = try temporaryFile("bad.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", label: 1}\n")
        #expect(errorMessage { _ = try DatasetLoader.load(files: [json], fields: fields) }?.hasPrefix("\(json):2:") == true)
        let notObject = try temporaryFile("array.jsonl", "[1, 2]\n")
        #expect(errorCode { _ = try DatasetLoader.load(files: [notObject], fields: fields) } == "invalid_json")
        #expect(errorCode { _ = try DatasetLoader.load(files: ["/nonexistent/data.csv"], fields: fields) } == "unreadable_file")
    }
}
