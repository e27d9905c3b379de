import FlussoCore
import Foundation
import Guardrails

/// Step 7's settings (`guardrails.*` keys).
struct GuardrailsSettings: Sendable {
    var enabled: Bool
    var order: [String]
    var thresholds: GuardrailSettings
    /// The safety rules file (relative: to the home).
    var safetyRulesPath: ResourcePath
    var redactAudit: Bool
    var embeddingWeight: Double { thresholds.embeddingWeight }

    init(_ resolved: ResolvedConfiguration, home: ResourceHome?) throws {
        enabled = try resolved.bool("guardrails.enabled")
        redactAudit = try resolved.bool("guardrails.redact_audit")
        order = resolved.list("guardrails.order")
        let unknown = order.filter { !GuardrailCatalog.names.contains($0) }
        guard unknown.isEmpty else {
            throw FlussoError(
                .invalidConfiguration,
                "guardrails.order: unknown check \(unknown.joined(separator: ", ")) (known: \(GuardrailCatalog.names.joined(separator: ", ")))")
        }
        guard Set(order).count == order.count else { throw FlussoError(.invalidConfiguration, "guardrails.order names a check twice") }
        var thresholds = GuardrailSettings()
        let keys: [(String, WritableKeyPath<GuardrailSettings, Double>)] = [
            ("guardrails.groundedness_threshold", \.groundednessThreshold),
            ("guardrails.step_threshold", \.stepThreshold), ("guardrails.relevance_threshold", \.relevanceThreshold),
            ("guardrails.embedding_weight", \.embeddingWeight),
        ]
        for (key, path) in keys {
            let value = resolved.double(key)
            guard (0...1).contains(value) else { throw FlussoError(.invalidConfiguration, "\(key) must be between 0 and 1") }
            thresholds[keyPath: path] = value
        }
        thresholds.maxSteps = resolved.int("guardrails.max_steps")
        thresholds.maxSolutionCharacters = resolved.int("guardrails.max_solution_characters")
        guard thresholds.maxSteps > 0, thresholds.maxSolutionCharacters > 0 else {
            throw FlussoError(.invalidConfiguration, "guardrails.max_steps and guardrails.max_solution_characters must be positive")
        }
        self.thresholds = thresholds
        safetyRulesPath = ResourcePath(resolved.string("guardrails.safety_rules"), key: "guardrails.safety_rules", home: home)
    }

    /// The safety rules, or why there are none (the chain then reviews every solution).
    func loadRules() -> (rules: SafetyRuleSet?, problem: String?) {
        let path: String
        do { path = try safetyRulesPath.path() } catch { return (nil, FlussoError(error).message) }
        guard !path.isEmpty else { return (nil, "guardrails.safety_rules is empty") }
        guard FileManager.default.fileExists(atPath: path) else { return (nil, "\(path) does not exist") }
        do { return (try SafetyRuleSet.load(path: path), nil) } catch { return (nil, "\(error)") }
    }
}
