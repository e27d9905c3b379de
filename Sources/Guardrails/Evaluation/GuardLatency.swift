import FlussoCore
import Foundation

/// Latency of the whole chain per solution: consecutive labelled cases are joined into solutions
/// of `stepsPerSolution` steps (their chunks the retrieved set), each checked `repeats` times.
public struct GuardLatency: Codable, Sendable {
    public var solutions: Int
    public var checks: Int
    public var p50Ms: Double
    public var p95Ms: Double
    public var maxMs: Double
    /// Mean milliseconds per check, by name.
    public var meanCheckMs: [String: Double]

    public static func measure(chain: GuardrailChain, cases: [GroundednessCase], stepsPerSolution: Int, repeats: Int) async -> GuardLatency {
        let now = Date()
        var inputs: [(Ticket, Solution, [RetrievedChunk])] = []
        var start = 0
        while start < cases.count {
            let group = cases[start..<min(start + stepsPerSolution, cases.count)]
            var chunks: [RetrievedChunk] = []
            var steps: [SolutionStep] = []
            for (offset, item) in group.enumerated() {
                let review = item.asReview(at: now)
                for chunk in review.retrieved where !chunks.contains(where: { $0.chunk.chunkID == chunk.chunk.chunkID }) { chunks.append(chunk) }
                steps.append(SolutionStep(order: offset + 1, text: item.step, citations: item.citations))
            }
            let first = group.first!
            let solution = Solution(
                probableCause: first.step, steps: steps, citations: [], safetyFlags: [], generator: "eval", model: nil,
                language: first.language, generatedAt: now)
            let ticket = Ticket(
                createdAt: now, customer: CustomerRef(id: "eval"), symptomText: first.chunks.first?.text ?? first.step,
                language: first.language)
            inputs.append((ticket, solution, chunks))
            start += stepsPerSolution
        }
        var times: [Double] = []
        var perCheck: [String: Double] = [:]
        for _ in 0..<repeats {
            for (ticket, solution, chunks) in inputs {
                let started = ContinuousClock.now
                let report = await chain.check(solution, for: ticket, retrieved: chunks).report
                times.append((ContinuousClock.now - started).milliseconds)
                for (name, ms) in report.checkDurationsMs { perCheck[name, default: 0] += ms }
            }
        }
        times.sort()
        func percentile(_ p: Double) -> Double { Percentile.nearestRank(times, p) }
        return GuardLatency(
            solutions: inputs.count, checks: times.count, p50Ms: percentile(0.5), p95Ms: percentile(0.95), maxMs: times.last ?? 0,
            meanCheckMs: perCheck.mapValues { $0 / Double(max(1, times.count)) })
    }

    enum CodingKeys: String, CodingKey {
        case solutions, checks
        case p50Ms = "p50_ms"
        case p95Ms = "p95_ms"
        case maxMs = "max_ms"
        case meanCheckMs = "mean_check_ms"
    }
}
