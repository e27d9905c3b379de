import FlussoCore
import Foundation

/// Finds instructions hidden in text that goes into a prompt — "ignore previous instructions"
/// and its Italian forms, chat role tags and template markers, requests to reveal the prompt,
/// "you are now …" persona switches — and neutralises them by replacing the matched words with
/// `[instruction removed]`, so the model reads the rest as data.
public struct PromptInjectionDetector: PromptTextScreen {
    struct Rule: Sendable {
        let id: String
        let pattern: NSRegularExpression
        /// Words one of which every match contains: the regex runs only on text holding one.
        let triggers: [String]
    }

    static let marker = "[instruction removed]"

    static let rules: [Rule] = [
        rule(
            "ignore-instructions",
            #"\b(ignore|disregard|forget|override|skip)\b[\w\s,']{0,30}\b(previous|prior|above|earlier|preceding|all|any|your|the|system)\b[\w\s,']{0,20}\b(instructions?|prompts?|rules|directions|guidelines|messages|context)\b"#
        ),
        rule(
            "ignore-instructions",
            #"\b(ignora|ignorate|ignorare|dimentica|dimenticate|dimenticare|trascura|non seguire|non rispettare)\b[\w\s,']{0,30}\b(istruzion[ei]|regole|indicazioni|prompt|messaggi|direttive)\b"#
        ),
        rule("role-tag", #"<\|?\s*/?\s*(im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id|end_header_id)\s*\|?>"#),
        rule("role-tag", #"\[/?INST\]|<<\s*/?SYS\s*>>|</?\s*(system|assistant|developer)\s*>"#),
        rule("role-tag", #"(?m)^\s*(#{1,4}\s*)?(system|assistant|developer|sistema|assistente)\s*(prompt)?\s*:"#),
        rule(
            "reveal-prompt",
            #"\b(reveal|show|print|repeat|output|display|leak|tell me|give me|write out)\b[\w\s,']{0,20}\b(your|the|system|hidden|initial|original)\b[\w\s']{0,15}\b(prompt|instructions|system message|rules)\b"#
        ),
        rule(
            "reveal-prompt",
            #"\b(rivela|rivelami|mostra|mostrami|stampa|ripeti|scrivi|dimmi|dammi)\b[\w\s,']{0,20}\b(il tuo|le tue|il|le|tue|tuo)\b[\w\s']{0,15}\b(prompt|istruzioni|messaggio di sistema|regole)\b"#
        ),
        rule(
            "persona-switch",
            #"\b(you are now|from now on you are|act as an? (unrestricted|jailbroken|different)|pretend (to be|you are)|new instructions\s*:|d'ora in poi sei|adesso sei|ora sei un|fingi di essere|nuove istruzioni\s*:)"#
        ),
        rule("jailbreak", #"\b(jailbreak|developer mode|dan mode|do anything now|modalita sviluppatore)\b"#),
    ]

    private static let triggerWords: [String: [String]] = [
        "ignore-instructions": ["ignor", "disregard", "forget", "override", "skip", "dimentic", "trascura", "non seguire", "non rispettare"],
        "role-tag": ["<", "[", "system", "assistant", "developer", "sistema", "assistente"],
        "reveal-prompt": ["prompt", "instruction", "istruzion", "system message", "messaggio di sistema", "rules", "regole"],
        "persona-switch": ["you are", "act as", "pretend", "instructions", "sei", "fingi", "istruzioni"],
        "jailbreak": ["jailbreak", "developer mode", "dan mode", "anything now", "sviluppatore"],
    ]

    private static func rule(_ id: String, _ pattern: String) -> Rule {
        Rule(id: id, pattern: try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive]), triggers: triggerWords[id] ?? [])
    }

    private static func mayMatch(_ rule: Rule, _ folded: String) -> Bool {
        rule.triggers.isEmpty || rule.triggers.contains { GuardText.contains(folded, $0) }
    }

    public init() {}

    /// The rules that match `text`, with the matched words, in text order.
    public func findings(in text: String) -> [(rule: String, excerpt: String)] {
        let folded = GuardText.fold(text)
        let range = NSRange(folded.startIndex..., in: folded)
        var out: [(rule: String, excerpt: String, at: Int)] = []
        for rule in Self.rules where Self.mayMatch(rule, folded) {
            for match in rule.pattern.matches(in: folded, range: range) {
                guard let r = Range(match.range, in: folded) else { continue }
                out.append((rule.id, String(folded[r]).trimmingCharacters(in: .whitespacesAndNewlines), match.range.location))
            }
        }
        return out.sorted { $0.at < $1.at }.map { ($0.rule, $0.excerpt) }
    }

    public func screen(_ text: String) -> (text: String, rules: [String]) {
        // Matching runs on the folded text; folding keeps UTF-16 offsets only for plain text, so
        // replacements are made on the folded form when the two differ in length.
        let folded = GuardText.fold(text)
        let base = (folded as NSString).length == (text as NSString).length ? text : folded
        let result = NSMutableString(string: base)
        var ranges: [(NSRange, String)] = []
        let whole = NSRange(location: 0, length: (folded as NSString).length)
        for rule in Self.rules where Self.mayMatch(rule, folded) {
            for match in rule.pattern.matches(in: folded, range: whole) { ranges.append((match.range, rule.id)) }
        }
        guard !ranges.isEmpty else { return (text, []) }
        var merged: [NSRange] = []
        for (range, _) in ranges.sorted(by: { $0.0.location < $1.0.location }) {
            if let last = merged.last, NSMaxRange(last) >= range.location {
                merged[merged.count - 1] = NSUnionRange(last, range)
            } else {
                merged.append(range)
            }
        }
        for range in merged.reversed() { result.replaceCharacters(in: range, with: Self.marker) }
        var seen = Set<String>()
        return (result as String, ranges.map(\.1).filter { seen.insert($0).inserted })
    }
}
