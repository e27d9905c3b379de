import ArgumentParser
import FlussoCore
import Foundation

/// `flusso feedback export|stats`: step 10's training data and how often answers helped.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback", abstract: "Feedback and training data.", subcommands: [Export.self, Stats.self])

    /// `--since`: a date (`2026-12-01`, midnight UTC) or an RFC 3339 time.
    static func parseSince(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        if let date = FlussoJSON.parseDate(text) ?? FlussoJSON.parseDate(text + "T00:00:00Z") { return date }
        throw FlussoError(.invalidParameter, "--since must be a date (2026-12-01) or a time (2026-12-01T09:30:00Z), got '\(text)'")
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract:
                "Write training examples as JSONL: tickets whose category a reviewer corrected or whose answer was approved as helpful, allowed for training.",
            discussion: """
                One line per feedback in force (a replaced one is not exported) with use_for_training true and a label: \
                the corrected_category, else the predicted category when was_helpful is true. Fields: text, label, \
                label_source (corrected|approved), error_code, product_type, product_model, language, predicted_category, \
                generator, solution_steps (the reviewer's edited steps, else the solution's when it helped), ticket_id, \
                feedback_id, sender, feedback_at. `flusso classifier train|retrain` read text, label, error_code and \
                product_type from it as they are.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Output file (- for stdout); written atomically.") var out: String
        @Option(help: "Only feedback given at or after this date (2026-12-01) or time (RFC 3339).") var since: String?

        func run() async throws {
            try await reportingErrors {
                let since = try FeedbackCommand.parseSince(since)
                let runtime = try await Runtime(settings: try global.settings(), needs: .storage)
                let examples = try await runtime.feedback.trainingExamples(since: since)
                var text = ""
                for example in examples {
                    text += String(decoding: try FlussoJSON.encode(example), as: UTF8.self) + "\n"
                }
                if out == "-" {
                    FileHandle.standardOutput.write(Data(text.utf8))
                } else {
                    do {
                        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                    } catch {
                        throw FlussoError(.invalidInput, "cannot write \(out): \(error.localizedDescription)")
                    }
                    let corrected = examples.filter { $0.labelSource == .corrected }.count
                    FileHandle.standardError.write(
                        Data(
                            "exported \(examples.count) example(s) (\(corrected) corrected, \(examples.count - corrected) approved) to \(out)\n".utf8)
                    )
                }
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Helpful rate of answers by generator, category and ISO week (feedback in force).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only feedback given at or after this date (2026-12-01) or time (RFC 3339).") var since: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let since = try FeedbackCommand.parseSince(since)
                let runtime = try await Runtime(settings: try global.settings(), needs: .storage)
                let stats = FeedbackStats(try await runtime.feedback.judgedTickets(since: since))
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(stats, pretty: true), as: UTF8.self))
                    return
                }
                var lines = [
                    "feedback \(stats.total.feedback), helpful \(stats.total.helpful) (\(fixed(stats.total.helpfulRate, 3))), category corrected \(stats.total.corrected)"
                ]
                for (title, groups) in [("generator", stats.byGenerator), ("category", stats.byCategory), ("week", stats.byWeek)] {
                    lines.append("")
                    lines.append("\(title.padding(toLength: 22, withPad: " ", startingAt: 0)) feedback  helpful  rate   corrected")
                    for group in groups {
                        lines.append(
                            "\(group.key.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(group.feedback).padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(group.helpful).padding(toLength: 8, withPad: " ", startingAt: 0)) \(fixed(group.helpfulRate, 3))  \(group.corrected)"
                        )
                    }
                }
                printOut(lines.joined(separator: "\n"))
            }
        }
    }
}
