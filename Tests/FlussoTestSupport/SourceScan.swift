import Foundation

/// Reads this package's own sources, for tests that check a list in the code is complete.
public enum SourceScan {
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every first capture of `pattern` in the Swift files under `Sources/<module>`.
    public static func captures(_ pattern: String, inModule module: String) throws -> Set<String> {
        let directory = packageRoot.appendingPathComponent("Sources").appendingPathComponent(module)
        let regex = try NSRegularExpression(pattern: pattern)
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { found.insert(String(text[range])) }
            }
        }
        return found
    }
}
