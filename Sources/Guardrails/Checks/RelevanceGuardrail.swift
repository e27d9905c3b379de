import FlussoCore

/// Relevance: how well the solution answers the ticket — the share of the ticket's content words
/// (symptom, error code, model) found in the solution and its cited chunks, and whether the cited
/// chunks are about the ticket's error code. A solution whose cited chunks all name other error
/// codes than the ticket's is an issue; the score itself gates only above `relevanceThreshold`.
public struct RelevanceGuardrail: Guardrail {
    public let name = "relevance"
    let settings: GuardrailSettings

    public init(settings: GuardrailSettings = GuardrailSettings()) {
        self.settings = settings
    }

    public func apply(to review: inout SolutionReview) async {
        let ticket = review.ticket
        let solution = review.solution
        guard !solution.steps.isEmpty else {
            review.relevance = 0
            return
        }
        let language = solution.language
        let question = TermProfile(ticket.symptomText, language: ticket.language ?? language, exact: false)
        let cited = solution.citedChunkIDs.compactMap { review.retrieved[$0] }
        let solutionText = ([solution.probableCause] + solution.steps.map(\.text)).joined(separator: "\n")
        var answerStems = TermProfile(solutionText, language: language, exact: false).stemSet
        for chunk in cited { answerStems.formUnion(review.analysis(of: chunk, defaultLanguage: language).whole.stemSet) }
        let asked = Set(question.stems)
        let termShare = asked.isEmpty ? 0 : Double(asked.filter { GroundednessScorer.matches($0, in: answerStems) }.count) / Double(asked.count)
        var score = termShare
        if let code = ticket.errorCode?.uppercased(), !code.isEmpty {
            let plain = code.replacingOccurrences(of: "#", with: "")
            let inChunks = cited.contains { $0.errorCodes.contains { $0.replacingOccurrences(of: "#", with: "") == plain } }
            let inText = TermProfile(solutionText, language: language).exactTerms.contains("code:" + GuardText.fold(plain))
            score = 0.5 * ((inChunks || inText) ? 1 : 0) + 0.5 * termShare
            let codedChunks = cited.filter { !$0.errorCodes.isEmpty }
            if !cited.isEmpty, codedChunks.count == cited.count, !inChunks {
                review.flag(
                    name, "error_code_mismatch",
                    "the ticket reports \(code) but every cited source is about another error code (\(Set(codedChunks.flatMap(\.errorCodes)).sorted().joined(separator: ", ")))"
                )
            }
        }
        if let model = ticket.asset?.model?.uppercased(), !cited.isEmpty,
            cited.allSatisfy({ !$0.productModels.isEmpty && !$0.productModels.contains(model) })
        {
            score *= 0.7
            review.flag(name, "model_mismatch", "the ticket is about \(model) but no cited source applies to it")
        }
        review.relevance = score
        if settings.relevanceThreshold > 0, score < settings.relevanceThreshold {
            review.flag(
                name, "low_relevance",
                "relevance \(GroundednessGuardrail.format(score)) (threshold \(GroundednessGuardrail.format(settings.relevanceThreshold)))")
        }
    }
}
