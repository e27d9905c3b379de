/// Finds personal data in text and replaces it with placeholders (`[EMAIL_1]`), the same value
/// getting the same placeholder across all the texts of one call. Used on solutions, on audit
/// records, and on prompts sent to remote endpoints.
public protocol TextRedactor: Sendable {
    /// The texts with personal data replaced, and one `(type, placeholder, index of the text)`
    /// per replaced occurrence. A value that occurs in one of `keeping` (for example the
    /// knowledge base's own support number, quoted from a chunk) is left as it is.
    func redact(_ texts: [String], keeping: [String]) -> (texts: [String], found: [(type: String, placeholder: String, text: Int)])
}

extension TextRedactor {
    public func redact(_ texts: [String]) -> (texts: [String], found: [(type: String, placeholder: String, text: Int)]) {
        redact(texts, keeping: [])
    }
}
