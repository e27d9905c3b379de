import FlussoCore
import Foundation

/// One labelled case of `eval/guardrails/groundedness.jsonl`: a step, the chunks it cites, and
/// whether they support it (`supported`, `partial`, `unsupported`).
public struct GroundednessCase: Codable, Sendable {
    public struct Chunk: Codable, Sendable {
        public var chunkID: String
        public var text: String
        enum CodingKeys: String, CodingKey {
            case chunkID = "chunk_id"
            case text
        }
    }

    public var id: String
    public var language: String
    public var split: String
    public var label: String
    public var kind: String
    public var step: String
    public var citations: [String]
    public var chunks: [Chunk]

    /// The case as a one-step solution with its chunks as the retrieved set.
    public func asReview(at date: Date) -> (ticket: Ticket, solution: Solution, retrieved: [RetrievedChunk]) {
        let retrieved = chunks.enumerated().map { index, chunk -> RetrievedChunk in
            let (document, ordinal) = Self.split(chunk.chunkID)
            var knowledge = KnowledgeChunk(
                documentID: document, ordinal: ordinal, title: document, sectionPath: [], text: chunk.text,
                language: language, productTypes: [], productModels: [], errorCodes: [],
                sourceURL: nil, tokenCount: chunk.text.split(separator: " ").count)
            knowledge.chunkID = chunk.chunkID
            return RetrievedChunk(
                rank: index + 1, chunk: knowledge, score: 1,
                features: RankingFeatures(
                    dense: nil, denseRank: nil, lexicalRank: nil, fused: 0, errorCodeMatch: false,
                    modelMatch: false, termOverlap: 0),
                reason: "labelled case")
        }
        let solution = Solution(
            probableCause: "", steps: [SolutionStep(order: 1, text: step, citations: citations)], citations: [],
            safetyFlags: [], generator: "eval", model: nil, language: language, generatedAt: date)
        let ticket = Ticket(createdAt: date, customer: CustomerRef(id: "eval"), symptomText: step, language: language)
        return (ticket, solution, retrieved)
    }

    static func split(_ id: String) -> (String, Int) {
        guard let hash = id.lastIndex(of: "#"), let ordinal = Int(id[id.index(after: hash)...]) else { return (id, 0) }
        return (String(id[..<hash]), ordinal)
    }

    enum CodingKeys: String, CodingKey {
        case id, language, split, label, kind, step, citations, chunks
    }
}

/// Reads JSON Lines, one `T` per non-empty line; a bad line is an error naming its number.
public func readJSONLines<T: Decodable>(_ type: T.Type, path: String) throws -> [T] {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw GuardrailError("\(path) cannot be read")
    }
    let decoder = JSONDecoder()
    var out: [T] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        do { out.append(try decoder.decode(T.self, from: Data(line.utf8))) } catch {
            throw GuardrailError("\(path):\(number + 1): not a valid case (\(error))")
        }
    }
    return out
}

/// What `scripts/eval-guardrails` reports for groundedness: per split, the share of unsupported
/// steps caught (score below the step threshold), of supported steps wrongly flagged, and of
/// partial ones caught; by kind and language as well.
public struct GroundednessEvaluation: Codable, Sendable {
    public struct Figures: Codable, Sendable {
        public var cases: Int
        public var unsupportedCaught: Double
        public var supportedFlagged: Double
        public var partialCaught: Double
        enum CodingKeys: String, CodingKey {
            case cases
            case unsupportedCaught = "unsupported_caught"
            case supportedFlagged = "supported_flagged"
            case partialCaught = "partial_caught"
        }
    }
    public struct Miss: Codable, Sendable {
        public var id: String
        public var label: String
        public var kind: String
        public var score: Double
        public var step: String
    }

    /// One scored case with the features its score came from.
    public struct Scored: Codable, Sendable {
        public var id: String
        public var split: String
        public var language: String
        public var label: String
        public var kind: String
        public var grounding: StepGrounding
        /// Safety rules that matched the step (when the safety check was given).
        public var safetyRules: [String]
    }

    public var threshold: Double
    public var cases: [Scored]
    public var bySplit: [String: Figures]
    public var byLanguage: [String: Figures]
    /// Share flagged per kind (for supported kinds: wrongly flagged; otherwise caught).
    public var flaggedByKind: [String: Double]
    /// Share of steps, by label, on which the safety check (when given) raised a finding: on
    /// supported steps these are false alarms of the safety rules and the contradiction check.
    public var safetyFlaggedByLabel: [String: Double]
    public var misses: [Miss]

    public static func run(
        cases: [GroundednessCase], guardrail: GroundednessGuardrail, threshold: Double,
        safety: SafetyGuardrail? = nil
    ) async -> GroundednessEvaluation {
        var safetyHits: [String: (flagged: Int, total: Int)] = [:]
        var scored: [(GroundednessCase, Double)] = []
        var details: [Scored] = []
        let now = Date()
        for item in cases {
            let (ticket, solution, retrieved) = item.asReview(at: now)
            var review = SolutionReview(ticket: ticket, solution: solution, retrieved: retrieved)
            await guardrail.apply(to: &review)
            if let safety {
                await safety.apply(to: &review)
                let hit = review.safety.contains { $0.step != nil }
                safetyHits[item.label, default: (0, 0)].flagged += hit ? 1 : 0
                safetyHits[item.label, default: (0, 0)].total += 1
            }
            scored.append((item, review.steps.first?.score ?? 0))
            if let grounding = review.steps.first {
                details.append(
                    Scored(
                        id: item.id, split: item.split, language: item.language, label: item.label, kind: item.kind, grounding: grounding,
                        safetyRules: review.safety.filter { $0.step != nil }.map(\.rule)))
            }
        }
        func figures(_ subset: [(GroundednessCase, Double)]) -> Figures {
            func share(_ label: String) -> Double {
                let items = subset.filter { $0.0.label == label }
                return items.isEmpty ? 0 : Double(items.filter { $0.1 < threshold }.count) / Double(items.count)
            }
            return Figures(
                cases: subset.count, unsupportedCaught: share("unsupported"), supportedFlagged: share("supported"),
                partialCaught: share("partial"))
        }
        var bySplit = ["all": figures(scored)]
        for split in Set(cases.map(\.split)) { bySplit[split] = figures(scored.filter { $0.0.split == split }) }
        var byLanguage: [String: Figures] = [:]
        for language in Set(cases.map(\.language)) { byLanguage[language] = figures(scored.filter { $0.0.language == language }) }
        var byKind: [String: Double] = [:]
        for kind in Set(cases.map(\.kind)) {
            let items = scored.filter { $0.0.kind == kind }
            byKind[kind] = Double(items.filter { $0.1 < threshold }.count) / Double(items.count)
        }
        let misses = scored.filter { ($0.0.label == "supported") == ($0.1 < threshold) && $0.0.label != "partial" }
            .map { Miss(id: $0.0.id, label: $0.0.label, kind: $0.0.kind, score: $0.1, step: $0.0.step) }
        return GroundednessEvaluation(
            threshold: threshold, cases: details, bySplit: bySplit, byLanguage: byLanguage, flaggedByKind: byKind,
            safetyFlaggedByLabel: safetyHits.mapValues { Double($0.flagged) / Double(max(1, $0.total)) }, misses: misses)
    }

    enum CodingKeys: String, CodingKey {
        case threshold, cases
        case bySplit = "by_split"
        case byLanguage = "by_language"
        case flaggedByKind = "flagged_by_kind"
        case safetyFlaggedByLabel = "safety_flagged_by_label"
        case misses
    }
}
