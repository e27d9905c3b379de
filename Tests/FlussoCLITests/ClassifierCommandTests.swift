import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// `flusso classifier train|eval|predict` and the classify step through the real binary.
@Suite struct ClassifierCommandTests {
    let directory = TemporaryDirectory("flusso-classifier-cli")
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let tickets = repo + "/training/tickets.jsonl"
    static let holdout = repo + "/training/tickets-holdout.jsonl"
    let ticketFields = ["--text-field", "symptom_text", "--label-field", "category"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func trainedModel() throws -> String {
        let model = directory.file("models/tickets.fcm")
        let trained = try FlussoBinary.run(["classifier", "train", "--data", Self.tickets] + ticketFields + ["--out", model, "--json"])
        #expect(trained.status == 0, "\(trained.err)")
        let report = try json(trained.out)
        #expect(report["labels"] as? Int == 8)
        #expect(report["examples"] as? Int == 320)
        #expect(report["model_id"] as? String == "tickets")
        return model
    }

    @Test func trainEvalAndPredict() throws {
        let model = try trainedModel()
        let evaluated = try FlussoBinary.run(["classifier", "eval", "--model", model, "--data", Self.holdout] + ticketFields + ["--json"])
        #expect(evaluated.status == 0, "\(evaluated.err)")
        let e = try json(evaluated.out)
        #expect(e["examples"] as? Int == 40)
        for key in ["accuracy", "macro_f1", "expected_calibration_error", "per_class", "confusion_pairs"] {
            #expect(e[key] != nil, "missing \(key)")
        }
        #expect((e["per_class"] as? [[String: Any]])?.first?["precision"] != nil)

        let predicted = try FlussoBinary.run([
            "classifier", "predict", "--model", model, "Thermal runaway on the hotend", "--json",
            "--error-code", "17105", "--product-type", "3d-printer",
        ])
        #expect(predicted.status == 0, "\(predicted.err)")
        let p = try json(predicted.out)
        #expect(p["category"] as? String == "thermal")
        #expect((p["top_3"] as? [[String: Any]])?.count == 3)
    }

    @Test func dataMayBeGivenMoreThanOnce() throws {
        let extra = directory.file("extra.csv")
        try "symptom_text,category\nThe lens of the laser is scratched,optics\nThe mirror is dirty and the beam is weak,optics\n"
            .write(toFile: extra, atomically: true, encoding: .utf8)
        let model = directory.file("two.fcm")
        let trained = try FlussoBinary.run(
            ["classifier", "train", "--data", Self.tickets, "--data", extra] + ticketFields + ["--out", model, "--json"])
        #expect(trained.status == 0, "\(trained.err)")
        #expect(try json(trained.out)["labels"] as? Int == 9)
    }

    @Test func badInputFailsWithOneLineOnStderr() throws {
        let noColumn = directory.file("bad.csv")
        try "body,category\nhello,a\n".write(toFile: noColumn, atomically: true, encoding: .utf8)
        let missing = try FlussoBinary.run(["classifier", "train", "--data", noColumn, "--out", directory.file("m.fcm")])
        #expect(missing.status != 0)
        #expect(missing.err.hasPrefix("error: missing_field: \(noColumn):1: no column 'text'"))
        #expect(missing.err.split(separator: "\n").count == 1)

        let oneClass = directory.file("one.csv")
        try "text,label\nhello,a\nworld,a\n".write(toFile: oneClass, atomically: true, encoding: .utf8)
        let single = try FlussoBinary.run(["classifier", "train", "--data", oneClass, "--out", directory.file("m.fcm")])
        #expect(single.err.hasPrefix("error: single_class"))

        let garbage = directory.file("garbage.fcm")
        try "not a model".write(toFile: garbage, atomically: true, encoding: .utf8)
        let notModel = try FlussoBinary.run(["classifier", "predict", "--model", garbage, "hello"])
        #expect(notModel.status != 0)
        #expect(notModel.err.hasPrefix("error: not_a_model"))

        let model = try trainedModel()
        let empty = try FlussoBinary.run(["classifier", "predict", "--model", model, "  "])
        #expect(empty.status != 0)
        #expect(empty.err.hasPrefix("error: empty_text"))
    }

    @Test func processClassifiesTheTicketWithTheConfiguredModel() throws {
        let model = try trainedModel()
        let ticket = directory.file("ticket.json")
        try SampleTickets.validJSON.write(toFile: ticket, atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(
            ["process", ticket, "--json", "--data-dir", directory.file("data")],
            environment: ["FLUSSO_CLASSIFIER_MODEL_PATH": model])
        #expect(result.status == 0, "\(result.err)")
        let t = try json(result.out)
        let classification = try #require(t["classification"] as? [String: Any])
        #expect(classification["category"] as? String == "thermal")
        let steps = try #require(t["steps"] as? [[String: Any]])
        #expect(steps.first { $0["step"] as? String == "classify" }?["status"] as? String == "succeeded")
    }

    @Test func processWithoutTheModelFileSkipsClassifySayingHowToMakeIt() throws {
        let ticket = directory.file("ticket.json")
        try SampleTickets.validJSON.write(toFile: ticket, atomically: true, encoding: .utf8)
        let missing = directory.file("models/none.fcm")
        let result = try FlussoBinary.run(
            ["process", ticket, "--json", "--data-dir", directory.file("data")],
            environment: ["FLUSSO_CLASSIFIER_MODEL_PATH": missing])
        #expect(result.status == 0, "\(result.err)")
        let t = try json(result.out)
        #expect(t["classification"] == nil)
        let classify = try #require((t["steps"] as? [[String: Any]])?.first { $0["step"] as? String == "classify" })
        #expect(classify["status"] as? String == "skipped")
        let detail = classify["detail"] as? String ?? ""
        #expect(detail.contains(missing) && detail.contains("scripts/train-classifier"))
        #expect(result.err.contains("not found"))
    }

    @Test func aCorruptedModelStopsProcessWithItsError() throws {
        let model = try trainedModel()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: model))
        let ticket = directory.file("ticket.json")
        try SampleTickets.validJSON.write(toFile: ticket, atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(
            ["process", ticket, "--data-dir", directory.file("data")],
            environment: ["FLUSSO_CLASSIFIER_MODEL_PATH": model])
        #expect(result.status != 0)
        #expect(result.err.contains("error: corrupted_model"))
    }
}
