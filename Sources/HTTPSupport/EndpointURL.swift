/// The URL of an OpenAI-compatible route under a configured base URL.
public enum EndpointURL {
    /// `base` itself (trailing slashes dropped) when it already ends in `routeSuffix`, else
    /// `base + fullRoute`: `http://h:8090` → `http://h:8090/v1/chat/completions`, while
    /// `http://h:11434/v1/embeddings` is kept as it is.
    public static func resolve(_ base: String, routeSuffix: String, fullRoute: String) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed.hasSuffix(routeSuffix) ? trimmed : trimmed + fullRoute
    }
}
