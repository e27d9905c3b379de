import FlussoCore

/// PII: redacts e-mail addresses, phone numbers, IBANs, card numbers, codici fiscali, partite
/// IVA and IP addresses in every text of the solution (and the attempts' details), with
/// consistent placeholders, and records each redaction (type, placeholder, field — never the
/// value). A value that stands in a retrieved chunk (the knowledge base's own support number) is
/// not personal data of the customer and is kept, so quotes still match their chunks. Redaction
/// does not by itself send the ticket to review.
public struct PIIGuardrail: Guardrail {
    public let name = "pii"
    let redactor: any TextRedactor

    public init(redactor: any TextRedactor = PIIRedactor()) {
        self.redactor = redactor
    }

    public func apply(to review: inout SolutionReview) async {
        var solution = review.solution
        var fields = ["probable_cause"]
        var texts = [solution.probableCause]
        for (index, step) in solution.steps.enumerated() {
            fields.append("steps[\(index)].text")
            texts.append(step.text)
        }
        for (index, citation) in solution.citations.enumerated() {
            fields.append("citations[\(index)].quote")
            texts.append(citation.quote)
        }
        for (index, flag) in solution.safetyFlags.enumerated() {
            fields.append("safety_flags[\(index)]")
            texts.append(flag)
        }
        for (index, attempt) in solution.attempts.enumerated() {
            fields.append("attempts[\(index)].detail")
            texts.append(attempt.detail ?? "")
        }
        let result = redactor.redact(texts, keeping: review.retrieved.values.map(\.text))
        guard !result.found.isEmpty else { return }
        var cursor = 0
        solution.probableCause = result.texts[cursor]
        cursor += 1
        for index in solution.steps.indices {
            solution.steps[index].text = result.texts[cursor]
            cursor += 1
        }
        for index in solution.citations.indices {
            solution.citations[index].quote = result.texts[cursor]
            cursor += 1
        }
        for index in solution.safetyFlags.indices {
            solution.safetyFlags[index] = result.texts[cursor]
            cursor += 1
        }
        for index in solution.attempts.indices {
            if solution.attempts[index].detail != nil { solution.attempts[index].detail = result.texts[cursor] }
            cursor += 1
        }
        review.solution = solution
        review.redactions += result.found.map { PIIRedaction(type: $0.type, placeholder: $0.placeholder, field: fields[$0.text]) }
    }
}
