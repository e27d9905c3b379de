import FlussoCore

/// Prompt injection: instructions hidden in the ticket's text, its attachments' text or the
/// retrieved chunks are flagged (the generator's prompt has them neutralised by the same
/// detector); any finding sends the ticket to review, since the answer may have been steered.
public struct PromptInjectionGuardrail: Guardrail {
    public let name = "prompt_injection"
    let detector: PromptInjectionDetector

    public init(detector: PromptInjectionDetector = PromptInjectionDetector()) {
        self.detector = detector
    }

    public func apply(to review: inout SolutionReview) async {
        var sources: [(String, String)] = [("symptom_text", review.ticket.symptomText)]
        if let model = review.ticket.asset?.model { sources.append(("asset.model", model)) }
        if let type = review.ticket.asset?.productType { sources.append(("asset.product_type", type)) }
        for attachment in review.ticket.attachments {
            if let text = attachment.extractedText, !text.isEmpty { sources.append(("attachment:\(attachment.id)", text)) }
        }
        for chunk in review.retrieved.values.sorted(by: { $0.chunkID < $1.chunkID }) { sources.append(("chunk:\(chunk.chunkID)", chunk.text)) }
        for (source, text) in sources {
            for finding in detector.findings(in: text) {
                review.injections.append(InjectionFinding(source: source, rule: finding.rule, excerpt: String(finding.excerpt.prefix(120))))
            }
        }
        let bySource = Dictionary(grouping: review.injections, by: \.source)
        for source in bySource.keys.sorted() {
            let rules = Set(bySource[source]!.map(\.rule)).sorted().joined(separator: ", ")
            review.flag(
                name, "prompt_injection", "\(source) holds text that tries to instruct the model (\(rules)); it was neutralised in the prompt")
        }
    }
}
