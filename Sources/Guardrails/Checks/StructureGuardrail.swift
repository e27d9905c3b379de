import FlussoCore

/// Bad input gets a clear verdict: no documented fix, no steps, steps without text, too many
/// steps, or a solution too large to check are issues, never a crash or a silent pass.
public struct StructureGuardrail: Guardrail {
    public let name = "structure"
    let settings: GuardrailSettings

    public init(settings: GuardrailSettings = GuardrailSettings()) {
        self.settings = settings
    }

    public func apply(to review: inout SolutionReview) async {
        let solution = review.solution
        if solution.noDocumentedFix {
            review.flag(name, "no_documented_fix", "no documented fix: the knowledge base has nothing that answers this ticket")
            return
        }
        if solution.steps.isEmpty {
            review.flag(name, "no_steps", "the solution has no steps")
        }
        if solution.steps.count > settings.maxSteps {
            review.flag(name, "too_many_steps", "the solution has \(solution.steps.count) steps (at most \(settings.maxSteps) are checked)")
        }
        for step in solution.steps where !step.text.contains(where: { $0.isLetter || $0.isNumber }) {
            review.flag(name, "empty_step", "step \(step.order) has no text", step: step.order)
        }
        let size =
            solution.probableCause.count + solution.steps.reduce(0) { $0 + $1.text.count }
            + solution.citations.reduce(0) { $0 + $1.quote.count }
        if size > settings.maxSolutionCharacters {
            review.flag(name, "solution_too_large", "the solution has \(size) characters (at most \(settings.maxSolutionCharacters) are checked)")
        }
        let orders = solution.steps.map(\.order)
        if Set(orders).count != orders.count {
            review.flag(name, "duplicate_step_order", "two steps share an order number")
        }
    }
}
