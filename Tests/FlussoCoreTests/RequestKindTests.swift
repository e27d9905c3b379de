import Foundation
import Testing

@testable import FlussoCore

@Suite struct RequestKindTests {
    @Test(
        arguments: [
            ("How do I fix error E42 on the boiler?", "E42", RequestKind.troubleshooting),
            ("The pump makes a grinding noise", nil, .troubleshooting),
            ("E05 again after restart", "E05", .troubleshooting),
            ("Perché la lavatrice non scarica l'acqua?", nil, .troubleshooting),
            ("Where is the reset button on the router?", nil, .howto),
            ("I need to reset the admin password", nil, .howto),
            ("Come si calibra il piatto?", nil, .howto),
            ("What is the maximum bed temperature?", nil, .specification),
            ("Is the charger 36 V or 48 V?", nil, .specification),
            ("Quanto pesa l'unità esterna?", nil, .specification),
            ("", "17105", .troubleshooting),
            ("Printer MK4", nil, .troubleshooting),
        ] as [(String, String?, RequestKind)])
    func eachKindIsRecognisedInEnglishAndItalian(text: String, code: String?, kind: RequestKind) {
        #expect(RequestKindClassifier.kind(text: text, errorCode: code) == kind)
    }

    @Test func accentsAndApostrophesDoNotChangeTheWords() {
        #expect(RequestKindClassifier.words("Perché NON funziona? L'UPS doesn't") == ["perche", "non", "funziona", "l", "ups", "doesn", "t"])
    }

    /// The kinds of the retrieval sets' questions (eval/manuals, English, written for three manuals;
    /// "concept" questions left out): a second, independent set the cues were checked on.
    @Test func theManualQuestionsKindsAreClassifiedAsMeasured() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        struct Row: Decodable {
            var query: String
            var kind: String
        }
        var right = 0
        var total = 0
        var confusions: [String] = []
        for set in ["nut", "debian-install", "debian-reference"] {
            for part in ["part1", "part2"] {
                let path = root.appendingPathComponent("eval/manuals/\(set).\(part).jsonl").path
                for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
                    let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
                    guard let expected = RequestKind(rawValue: row.kind) else { continue }
                    total += 1
                    let kind = RequestKindClassifier.kind(text: row.query, errorCode: nil)
                    if kind == expected { right += 1 } else { confusions.append("\(expected.rawValue) → \(kind.rawValue): \(row.query)") }
                }
            }
        }
        let accuracy = Double(right) / Double(total)
        print("request kinds, manual questions: accuracy \(String(format: "%.3f", accuracy)) (\(right)/\(total))")
        // Measured 0.735 (225/306) when the cues were last changed.
        #expect(accuracy >= 0.70, "\(confusions.joined(separator: "\n"))")
    }

    /// The labelled sets (eval/request-kinds): part 1 was used to write the cues, part 2 is held
    /// out (measured, never inspected to change a cue). Prints each set's accuracy by language and
    /// its confusions; each minimum is a little below the figure measured when the cues were last
    /// changed (part 1: 0.967, part 2: 0.883), so a change that loses several tickets fails.
    @Test(arguments: [("part1", 0.95), ("part2", 0.85)])
    func theLabelledSetsAreClassifiedAsMeasured(set: String, minimum: Double) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("eval/request-kinds/\(set).jsonl").path
        struct Row: Decodable {
            var id: String
            var language: String
            var error_code: String?
            var symptom_text: String
            var kind: RequestKind
        }
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Row.self, from: Data($0.utf8))
        }
        #expect(rows.count == 120)
        var right: [String: Int] = [:]
        var total: [String: Int] = [:]
        var confusions: [String] = []
        for row in rows {
            let kind = RequestKindClassifier.kind(text: row.symptom_text, errorCode: row.error_code)
            total[row.language, default: 0] += 1
            if kind == row.kind {
                right[row.language, default: 0] += 1
            } else {
                confusions.append("\(row.id): \(row.kind.rawValue) → \(kind.rawValue)")
            }
        }
        let accuracy = Double(right.values.reduce(0, +)) / Double(rows.count)
        let byLanguage = total.keys.sorted().map { "\($0) \(right[$0, default: 0])/\(total[$0]!)" }.joined(separator: ", ")
        print("request kinds \(set): accuracy \(String(format: "%.3f", accuracy)) (\(byLanguage)); wrong: \(confusions.joined(separator: "; "))")
        #expect(accuracy >= minimum, "\(confusions)")
    }
}
