import Foundation

/// The shared data directory beside the repository (`../shared/data`), or `FLUSSO_SHARED_DATA`.
/// Tests read it in place; its files are never copied into the repository.
public enum SharedData {
    public static let root: String = {
        if let root = ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"] { return root }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    /// `ocr/NAME`: scans with their reference text (eurotext, phototest, linn) and multipage.pdf.
    public static func ocrPath(_ name: String) -> String { root + "/ocr/" + name }

    public static func ocr(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: ocrPath(name)))
    }
}

/// Character error rate: Levenshtein distance over the characters of the whitespace-normalised
/// texts, divided by the reference's length (what `scripts/bench-ocr` reports).
public func characterErrorRate(_ hypothesis: String, reference: String) -> Double {
    func normalise(_ text: String) -> [Character] { Array(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")) }
    let h = normalise(hypothesis), r = normalise(reference)
    guard !r.isEmpty else { return h.isEmpty ? 0 : 1 }
    guard !h.isEmpty else { return 1 }
    var previous = Array(0...h.count)
    var current = [Int](repeating: 0, count: h.count + 1)
    for i in 1...r.count {
        current[0] = i
        for j in 1...h.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return Double(previous[h.count]) / Double(r.count)
}
