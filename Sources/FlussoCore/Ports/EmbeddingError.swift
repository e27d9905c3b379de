/// Why an embedder could not answer (the `Embedder` port's error, so an HTTP embedder need not
/// link the in-process engine). Each case renders as one line a person can act on.
public enum EmbeddingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A model file is missing or unreadable: names the file and how to install it.
    case modelFile(path: String, reason: String)
    /// The embedding server could not be reached, timed out or kept failing.
    case server(url: String, reason: String)
    /// The server answered something that is not a valid embeddings response.
    case invalidResponse(url: String, reason: String)
    /// The input could not be embedded (for example, a configuration error).
    case invalidInput(String)

    /// The command that installs the MiniLM model files.
    public static let setupCommand = "scripts/setup-models"

    public var description: String {
        switch self {
        case .modelFile(let path, let reason):
            return "model file \(path): \(reason); run \(Self.setupCommand) to install the model"
        case .server(let url, let reason):
            return "embedding server \(url): \(reason)"
        case .invalidResponse(let url, let reason):
            return "embedding server \(url) answered garbage: \(reason)"
        case .invalidInput(let reason):
            return reason
        }
    }
}

extension EmbeddingError: FlussoErrorConvertible {
    public var flussoError: FlussoError {
        switch self {
        case .modelFile: FlussoError(.embeddingModelMissing, description)
        case .server: FlussoError(.embeddingServerUnavailable, description)
        case .invalidResponse: FlussoError(.embeddingInvalidResponse, description)
        case .invalidInput: FlussoError(.invalidInput, description)
        }
    }
}
