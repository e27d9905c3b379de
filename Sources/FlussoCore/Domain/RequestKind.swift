/// What a ticket asks for: a fault to diagnose (cause, checks, fix), a procedure to follow
/// (steps in order), or a value to quote — the shape its answer calls for.
public enum RequestKind: String, Codable, Sendable, CaseIterable {
    /// An error code, a fault or a symptom: something is wrong.
    case troubleshooting
    /// "How do I / where is / can I": a task, no fault.
    case howto
    /// A value, limit, rating or dimension.
    case specification
}
