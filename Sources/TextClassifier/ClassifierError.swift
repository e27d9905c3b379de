/// An error from the text classifier: a stable `code` that callers and tests match on, and a
/// `message` for people that names the file, line or field at fault.
///
/// Codes: `empty_dataset`, `missing_field`, `invalid_utf8`, `invalid_csv`, `invalid_json`,
/// `unreadable_file`, `single_class`, `empty_text`, `invalid_settings`, `not_a_model`,
/// `incompatible_model`, `truncated_model`, `corrupted_model`, `write_failed`, `too_little_data`.
public struct ClassifierError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Every code the engine throws (each is also a `FlussoErrorCode`).
    public static let codes = [
        "empty_dataset", "missing_field", "invalid_utf8", "invalid_csv", "invalid_json", "unreadable_file", "single_class", "empty_text",
        "invalid_settings", "not_a_model", "incompatible_model", "truncated_model", "corrupted_model", "write_failed", "too_little_data",
    ]
}
