import Foundation

/// A validated `POST /tickets/{id}/review` body.
public struct ReviewRequest: Sendable, Equatable {
    public var action: TicketReview.Action
    /// The solution version the reviewer saw (0 for a ticket without a solution): a review of an
    /// older one is refused (409).
    public var version: Int
    /// The edited steps (`edit` only), each with the chunks it cites.
    public var steps: [SolutionStep]?
    public var reason: String?
    public var reviewer: String?
}

/// Validates a `POST /tickets/{id}/review` body: `action` (`approve`, `reject`, `edit`),
/// `version` (required), `steps` (required for `edit`: strings, or objects with `text` and
/// `citations`), `reason` (required for `reject`), `reviewer`.
public enum ReviewSubmission {
    public static let maxSteps = 20
    public static let maxStepCharacters = 2000
    public static let maxReasonCharacters = 2000

    public static func validate(_ body: JSONValue) throws -> ReviewRequest {
        var checker = FieldChecker()
        guard case .object(let fields) = body else {
            throw FlussoError(.validationFailed, "the body must be a JSON object, not \(body.typeName)", field: "")
        }
        checker.refuseUnknown(fields, allowed: ["action", "version", "steps", "reason", "reviewer"], prefix: "")
        let actionName = checker.string(fields["action"], field: "action", required: true, max: 16)
        let action = actionName.flatMap(TicketReview.Action.init(rawValue:))
        if actionName != nil, action == nil {
            checker.problem("action", "must be one of approve, reject, edit")
        }
        let version = checker.integer(fields["version"], field: "version", range: 0...1_000_000)
        if fields["version"] == nil || fields["version"] == .null { checker.problem("version", "is required: the solution version you reviewed") }
        let reason = checker.string(fields["reason"], field: "reason", max: maxReasonCharacters)
        let reviewer = checker.personName(fields["reviewer"], field: "reviewer", max: FeedbackSubmission.maxReviewerCharacters)
        var steps: [SolutionStep]?
        if let items = checker.array(fields["steps"], field: "steps") {
            steps = self.steps(items, checker: &checker)
        }
        switch action {
        case .edit where fields["steps"] == nil || fields["steps"] == .null:
            checker.problem("steps", "is required to edit: the steps as they should read")
        case .reject where reason == nil:
            checker.problem("reason", "is required to reject: say why the answer is wrong")
        case .approve where fields["steps"] != nil && fields["steps"] != .null, .reject where fields["steps"] != nil && fields["steps"] != .null:
            checker.problem("steps", "is only taken with action edit")
        default: break
        }
        try checker.throwIfProblems()
        return ReviewRequest(action: action!, version: version!, steps: steps, reason: reason, reviewer: reviewer)
    }

    private static func steps(_ items: [JSONValue], checker: inout FieldChecker) -> [SolutionStep]? {
        guard (1...maxSteps).contains(items.count) else {
            checker.problem("steps", "must hold 1 to \(maxSteps) steps, not \(items.count)")
            return nil
        }
        var steps: [SolutionStep] = []
        for (index, item) in items.enumerated() {
            let field = "steps[\(index)]"
            switch item {
            case .string:
                if let text = checker.string(item, field: field, required: true, max: maxStepCharacters) {
                    steps.append(SolutionStep(order: index + 1, text: text, citations: []))
                }
            case .object(let object):
                checker.refuseUnknown(object, allowed: ["text", "citations"], prefix: field + ".")
                let text = checker.string(object["text"], field: field + ".text", required: true, max: maxStepCharacters)
                var citations: [String] = []
                for (position, citation) in (checker.array(object["citations"], field: field + ".citations") ?? []).enumerated() {
                    if let id = checker.string(citation, field: field + ".citations[\(position)]", required: true, max: 256) { citations.append(id) }
                }
                if let text { steps.append(SolutionStep(order: index + 1, text: text, citations: citations)) }
            default:
                checker.problem(field, "must be a string or an object with text and citations, not \(item.typeName)")
            }
        }
        return steps.count == items.count ? steps : nil
    }
}
