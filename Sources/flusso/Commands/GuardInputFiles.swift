import FlussoCore
import Foundation

/// Reads the inputs of `flusso guard check`, leniently: a solution or a whole ticket, chunks as
/// plain chunks or as retrieved results. Anything unusable is one clear error naming the file.
enum GuardInputFiles {
    static func read(
        solution path: String, chunks chunksPath: String?, ticket ticketPath: String?
    ) throws
        -> (solution: Solution, ticket: Ticket, chunks: [RetrievedChunk])
    {
        let root = try object(at: path)
        let now = Date()
        var ticketObject: [String: Any]? = nil
        var solutionObject = root
        if let nested = root["solution"] as? [String: Any] {
            ticketObject = root
            solutionObject = nested
        }
        if let ticketPath { ticketObject = try object(at: ticketPath) }
        let solution = try parseSolution(solutionObject, file: path, now: now)
        var chunks: [RetrievedChunk] = []
        if let chunksPath {
            guard let list = try json(at: chunksPath) as? [Any] else {
                throw FlussoError(.invalidInput, "\(chunksPath): expected a JSON list of chunks")
            }
            chunks = try list.enumerated().map { try parseChunk($0.element, rank: $0.offset + 1, file: chunksPath) }
        } else if let results = (ticketObject?["retrieval"] as? [String: Any])?["results"] as? [Any] {
            chunks = try results.enumerated().map { try parseChunk($0.element, rank: $0.offset + 1, file: path) }
        } else {
            throw FlussoError(.invalidInput, "no chunks: pass --chunks CHUNKS.json (or a ticket whose retrieval holds them)")
        }
        let symptom = ticketObject?["symptom_text"] as? String ?? ""
        var ticket = Ticket(
            createdAt: now, customer: CustomerRef(id: "guard-check"), errorCode: ticketObject?["error_code"] as? String,
            symptomText: symptom, language: ticketObject?["language"] as? String ?? solution.language)
        if let asset = ticketObject?["asset"] as? [String: Any] {
            ticket.asset = AssetRef(
                serial: asset["serial"] as? String, productType: asset["product_type"] as? String, model: asset["model"] as? String)
        }
        return (solution, ticket, chunks)
    }

    private static func json(at path: String) throws -> Any {
        guard let data = FileManager.default.contents(atPath: path) else { throw FlussoError(.invalidInput, "\(path) cannot be read") }
        do { return try JSONSerialization.jsonObject(with: data) } catch {
            throw FlussoError(.invalidInput, "\(path) is not valid JSON")
        }
    }

    private static func object(at path: String) throws -> [String: Any] {
        guard let object = try json(at: path) as? [String: Any] else { throw FlussoError(.invalidInput, "\(path): expected a JSON object") }
        return object
    }

    private static func parseSolution(_ object: [String: Any], file: String, now: Date) throws -> Solution {
        guard let rawSteps = object["steps"] as? [Any] else { throw FlussoError(.invalidInput, "\(file): the solution has no \"steps\" list") }
        let steps = try rawSteps.enumerated().map { index, raw -> SolutionStep in
            guard let step = raw as? [String: Any] else { throw FlussoError(.invalidInput, "\(file): steps[\(index)] is not an object") }
            let citations = (step["citations"] as? [Any] ?? []).compactMap { $0 as? String }
            return SolutionStep(order: step["order"] as? Int ?? index + 1, text: step["text"] as? String ?? "", citations: citations)
        }
        let quotes = (object["citations"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }.compactMap { entry -> SolutionCitation? in
            guard let id = entry["chunk_id"] as? String else { return nil }
            return SolutionCitation(chunkID: id, quote: entry["quote"] as? String ?? "")
        }
        let language = object["language"] as? String ?? LanguageGuess.guess(steps.map(\.text).joined(separator: " ")) ?? "en"
        return Solution(
            probableCause: object["probable_cause"] as? String ?? "", steps: steps, citations: quotes,
            safetyFlags: (object["safety_flags"] as? [Any] ?? []).compactMap { $0 as? String },
            generator: object["generator"] as? String ?? "external", model: object["model"] as? String, language: language,
            noDocumentedFix: object["no_documented_fix"] as? Bool ?? false, generatedAt: now)
    }

    private static func parseChunk(_ raw: Any, rank: Int, file: String) throws -> RetrievedChunk {
        guard var object = raw as? [String: Any] else { throw FlussoError(.invalidInput, "\(file): chunk \(rank) is not an object") }
        if let nested = object["chunk"] as? [String: Any] { object = nested }
        guard let id = object["chunk_id"] as? String, let text = object["text"] as? String else {
            throw FlussoError(.invalidInput, "\(file): chunk \(rank) needs \"chunk_id\" and \"text\"")
        }
        let strings: (String) -> [String] = { key in (object[key] as? [Any] ?? []).compactMap { ($0 as? String)?.uppercased() } }
        var chunk = KnowledgeChunk(
            documentID: id, ordinal: 0, title: object["title"] as? String ?? id, sectionPath: [], text: text,
            language: object["language"] as? String, productTypes: [], productModels: strings("product_models"),
            errorCodes: strings("error_codes"), sourceURL: nil, tokenCount: text.split(separator: " ").count)
        chunk.chunkID = id
        return RetrievedChunk(
            rank: rank, chunk: chunk, score: 0,
            features: RankingFeatures(
                dense: nil, denseRank: nil, lexicalRank: nil, fused: 0, errorCodeMatch: false,
                modelMatch: false, termOverlap: 0),
            reason: "given to flusso guard check")
    }
}
