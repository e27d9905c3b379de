import FlussoCore
import Foundation

/// Chooses the sentences and list items that answer a ticket from all its retrieved chunks, for a
/// manual's prose and procedures (an error-code article is read by its headings instead).
///
/// Every unit is scored by the symptom's terms it holds, each weighted by how rare it is among the
/// retrieved units (a term in every sentence says nothing), divided by the root of the unit's
/// length; then its best neighbour in the same chunk adds half its own score (proximity: the
/// sentence after "To pair the remote…" belongs to the answer too), and the chunk's rank adds
/// `rankWeight × best score / rank`. Units are then picked greedily by maximal marginal
/// relevance — `λ · (relevance + adjacency) − (1 − λ) · similarity to what is picked` — so a second
/// copy of a sentence, or a paraphrase of one already chosen, loses to new information, and the
/// next sentence of a chosen procedure wins over a stray one. Picking stops at the word budget of
/// the request's kind, or when the best remaining unit's value falls below `minimumPickValue`; the
/// picked units are read in the order of their chunks' ranks and their positions, which keeps a
/// procedure's steps in order (a specification answer leads with its best sentence, the value).
///
/// A specification question whose best sentence holds less than `minimumSpecificationCoverage` of
/// the question's terms found in the chunks (weighted by rarity) gets nothing: a number in a
/// sentence about something else is not the value asked for, and the answer is
/// `no_documented_fix`.
struct PassageSelection {
    struct Unit {
        var unit: TextUnit
        var chunk: RetrievedChunk
        var chunkIndex: Int
        var terms: Set<String>
        var words: Int
    }

    var settings: ExtractiveSettings

    /// The units of the chunks, in order, with their terms (`TextUnit.split`, `MatchTerms`).
    static func units(of chunks: [RetrievedChunk]) -> [Unit] {
        chunks.enumerated().flatMap { index, retrieved in
            TextUnit.split(retrieved.chunk).map { unit in
                Unit(
                    unit: unit, chunk: retrieved, chunkIndex: index, terms: MatchTerms.of(unit.text),
                    words: unit.text.split(separator: " ").count)
            }
        }
    }

    /// The picked units in reading order; empty when no unit shares a term with the ticket.
    /// `query`: the terms of the ticket's symptom text. The model's name is left out: retrieval
    /// already chose the model's chunks, and a sentence that names the model ("The XR-9000 is a
    /// printer for schools") is not the answer to a question about it.
    func select(query: Set<String>, errorCode: String?, kind: RequestKind, from allUnits: [Unit]) -> [Unit] {
        let units = allUnits.filter { $0.words <= settings.maxUnitWords }
        guard !units.isEmpty else { return [] }
        var documentFrequency: [String: Int] = [:]
        for unit in units {
            for term in unit.terms where query.contains(term) { documentFrequency[term, default: 0] += 1 }
        }
        let count = Double(units.count)
        func rarity(_ term: String) -> Double { log((count + 1) / (Double(documentFrequency[term] ?? 0) + 0.5)) }
        let base: [Double] = units.map { unit in
            let shared = unit.terms.intersection(query)
            var score = shared.reduce(0.0) { $0 + rarity($1) }
            score /= (Double(unit.terms.count) + 4).squareRoot()
            if let errorCode, unit.unit.text.uppercased().contains(errorCode) { score += 0.5 }
            return score
        }
        guard let bestBase = base.max(), bestBase > 0 else { return [] }
        // Each unit's neighbours in its own chunk, found once: the picking loop asks for them often.
        let neighbours: [[Int]] = units.indices.map { index in
            [index - 1, index + 1].filter { units.indices.contains($0) && units[$0].chunkIndex == units[index].chunkIndex }
        }
        let raw: [Double] = units.indices.map { index in
            let neighbour = neighbours[index].map { base[$0] }.max() ?? 0
            return base[index] + settings.proximityWeight * neighbour
                + settings.rankWeight * bestBase / Double(max(units[index].chunk.rank, 1))
        }
        let top = raw.max() ?? 1
        let relevance: [Double] = units.indices.map { index in
            var value = raw[index] / top
            if kind == .specification, Self.holdsValue(units[index].unit.text) { value += settings.valueBonus }
            return value
        }
        let budget = settings.answerWords(for: kind)
        var picked: [Int] = []
        var pickedTexts: Set<String> = []
        var words = 0
        while words < budget {
            var best: (index: Int, value: Double)?
            for index in units.indices where !picked.contains(index) && !pickedTexts.contains(units[index].unit.text) {
                let similarity = picked.map { jaccard(units[$0].terms, units[index].terms) }.max() ?? 0
                let adjacent = neighbours[index].contains { picked.contains($0) }
                let value =
                    settings.lambda * (relevance[index] + (adjacent ? settings.adjacencyBonus : 0))
                    - (1 - settings.lambda) * similarity
                if best == nil || value > best!.value { best = (index, value) }
            }
            guard let best else { break }
            // The first pick must be about the ticket; later ones may be the context around it,
            // not filler that only the chunk's rank brings.
            if picked.isEmpty && base[best.index] <= 0 { return [] }
            if !picked.isEmpty && best.value < settings.minimumPickValue { break }
            picked.append(best.index)
            pickedTexts.insert(units[best.index].unit.text)
            words += units[best.index].words
        }
        // A value stated in a sentence about something else is not the value asked for: the
        // lead must hold enough of the question's terms that the chunks have, weighted by rarity.
        if kind == .specification, let lead = picked.first {
            let found = query.filter { documentFrequency[$0] != nil }
            let total = found.reduce(0.0) { $0 + rarity($1) }
            let covered = units[lead].terms.intersection(found).reduce(0.0) { $0 + rarity($1) }
            if total > 0 && covered / total < settings.minimumSpecificationCoverage { return [] }
        }
        // A value question leads with the sentence that holds the value; the rest is read in order.
        let lead = kind == .specification ? Array(picked.prefix(1)) : []
        let rest = picked.dropFirst(lead.count).sorted {
            (units[$0].chunk.rank, units[$0].unit.position) < (units[$1].chunk.rank, units[$1].unit.position)
        }
        return (lead + rest).map { units[$0] }
    }

    /// A unit that states a value: a number, a setting (`=`), a quoted literal, an option or a path.
    static func holdsValue(_ text: String) -> Bool {
        text.contains(where: \.isNumber) || text.contains("=") || text.contains("\"") || text.contains("--") || text.contains("/")
    }

    private func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
