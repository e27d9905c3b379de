import ArgumentParser
import FlussoCore
import Foundation
import Guardrails

/// `flusso guard`: the guardrails of step 7, offline.
struct GuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard", abstract: "Check solutions with the guardrails of step 7.",
        subcommands: [Check.self, Eval.self])

    /// `flusso guard check SOLUTION.json --chunks CHUNKS.json`: one solution, its verdict.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check one solution against its chunks; prints the verdict, the issues and the metrics (exit 0 pass, 2 needs review).",
            discussion: """
                SOLUTION.json is a solution ({"probable_cause", "steps": [{"order", "text", "citations"}], "citations", \
                "language"}) or a whole ticket as `flusso show --json` prints it (then its solution and retrieved chunks are used). \
                CHUNKS.json is a list of chunks ({"chunk_id", "text", optional "language", "error_codes", "product_models"}) or of \
                retrieved results ({"chunk": {…}}).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The solution (or ticket) as JSON.") var solution: String
        @Option(help: "The chunks retrieved for it, as JSON (optional when SOLUTION.json is a ticket).") var chunks: String?
        @Option(help: "The ticket as JSON, for relevance and prompt-injection checks (optional).") var ticket: String?
        @Flag(help: "Print the checked solution and the report as JSON.") var json = false

        func run() async throws {
            var verdict = GuardVerdict.pass
            try await reportingErrors {
                let settings = try global.settings()
                let input = try GuardInputFiles.read(solution: solution, chunks: chunks, ticket: ticket)
                let runtime = try await Runtime(settings: settings, needs: .guardrails)
                guard let chain = runtime.guardrails else {
                    throw FlussoError(.guardrailsDisabled, "guardrails.enabled is false: nothing to check with")
                }
                let (checked, report) = await chain.check(input.solution, for: input.ticket, retrieved: input.chunks)
                verdict = report.verdict
                if json {
                    struct Output: Encodable {
                        var solution: Solution
                        var report: GuardReport
                    }
                    printOut(String(decoding: try FlussoJSON.encode(Output(solution: checked, report: report), pretty: true), as: UTF8.self))
                } else {
                    printOut(GuardReportText.render(report))
                }
            }
            if verdict == .needsReview { throw ExitCode(2) }
        }
    }

    /// `flusso guard eval`: the labelled sets of `scripts/eval-guardrails`.
    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Groundedness on labelled steps, PII recall/precision, and the latency of all checks per solution.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Labelled steps (JSONL, eval/guardrails/groundedness.jsonl).") var groundedness: String = "eval/guardrails/groundedness.jsonl"
        @Option(help: "Labelled PII texts (JSONL, eval/guardrails/pii.jsonl).") var pii: String = "eval/guardrails/pii.jsonl"
        @Option(help: "Steps per solution in the latency run (consecutive cases form one solution).") var stepsPerSolution: Int = 5
        @Option(help: "Passes over the solutions in the latency run.") var repeats: Int = 20
        @Flag(help: "List every misjudged case.") var misses = false
        @Option(help: "Also write the full result (every case with its features) as JSON to this file.") var jsonOut: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                guard stepsPerSolution >= 1, repeats >= 1 else {
                    throw FlussoError(.invalidParameter, "--steps-per-solution and --repeats must be at least 1")
                }
                let settings = try global.settings()
                let cases = try readJSONLines(GroundednessCase.self, path: groundedness)
                let piiCases = try readJSONLines(PIICase.self, path: pii)
                guard !cases.isEmpty, !piiCases.isEmpty else { throw FlussoError(.invalidParameter, "the labelled sets are empty") }
                let runtime = try await Runtime(settings: settings, needs: .guardrails)
                guard let chain = runtime.guardrails else {
                    throw FlussoError(.guardrailsDisabled, "guardrails.enabled is false: nothing to evaluate")
                }
                let thresholds = settings.guardrails.thresholds
                let guardEmbedder = thresholds.embeddingWeight > 0 ? runtime.embedder?.embedder : nil
                let grounding = runtime.groundednessCheck(embedder: guardEmbedder)
                let result = await GroundednessEvaluation.run(
                    cases: cases, guardrail: grounding, threshold: thresholds.stepThreshold,
                    safety: runtime.safetyCheck())
                let piiResult = PIIEvaluation.run(cases: piiCases)
                let latency = await GuardLatency.measure(chain: chain, cases: cases, stepsPerSolution: stepsPerSolution, repeats: repeats)
                let report = GuardEvalReport(
                    groundedness: result, pii: piiResult, latency: latency,
                    embedder: guardEmbedder?.modelID, embeddingWeight: thresholds.embeddingWeight)
                let encoded = try FlussoJSON.encode(report, pretty: true)
                if let jsonOut {
                    do { try encoded.write(to: URL(fileURLWithPath: jsonOut)) } catch {
                        throw FlussoError(.invalidParameter, "cannot write \(jsonOut): \(error.localizedDescription)")
                    }
                }
                printOut(json ? String(decoding: encoded, as: UTF8.self) : report.text(misses: misses))
            }
        }
    }
}
