/// Neutralises instructions hidden in text that goes into a prompt (ticket text, OCR text, KB
/// chunks): phrases such as "ignore previous instructions", chat role tags, requests to reveal
/// the prompt are replaced by a marker, so the model reads them as data, not orders.
public protocol PromptTextScreen: Sendable {
    /// The text to put in the prompt, and the rules that matched (empty: unchanged).
    func screen(_ text: String) -> (text: String, rules: [String])
}
