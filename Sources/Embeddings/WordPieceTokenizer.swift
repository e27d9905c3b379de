import FlussoCore
import Foundation

/// The BERT uncased WordPiece tokenizer, matching Hugging Face `tokenizers`' `BertNormalizer`
/// (clean-up, CJK splitting, accent stripping, lower-casing), `BertPreTokenizer` (whitespace and
/// punctuation) and `WordPiece` (`##` continuations, `[UNK]` for words it cannot cover or longer
/// than 100 characters), wrapped in `[CLS] … [SEP]` and truncated to `maxLength` tokens.
///
/// Invariants: ids are always `[CLS]`, at most `maxLength - 2` word pieces, `[SEP]`; the same
/// text always gives the same ids. Immutable, hence `Sendable`.
public struct WordPieceTokenizer: Sendable {
    /// Token ids of one text, and whether it was cut at `maxLength`.
    public struct Encoding: Sendable, Equatable {
        public var ids: [Int32]
        public var truncated: Bool
        /// Word pieces before truncation (without `[CLS]`/`[SEP]`).
        public var fullPieceCount: Int
    }

    public let maxLength: Int
    public let clsID: Int32
    public let sepID: Int32
    public let unkID: Int32
    public let vocabularySize: Int
    private let vocabulary: [String: Int32]
    private let maxCharactersPerWord = 100
    private let specialTokens: [(String, Int32)]

    /// Reads a `vocab.txt` (one token a line; the line number is the id).
    public init(vocabularyFile path: String, maxLength: Int = 256) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingError.modelFile(path: path, reason: "cannot read the vocabulary")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EmbeddingError.modelFile(path: path, reason: "vocabulary is not UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, maxLength: maxLength, source: path)
    }

    /// Builds the tokenizer from the vocabulary in id order.
    public init(tokens: [String], maxLength: Int = 256, source: String = "vocabulary") throws {
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where vocabulary[t] == nil { vocabulary[t] = Int32(i) }
        guard let cls = vocabulary["[CLS]"], let sep = vocabulary["[SEP]"], let unk = vocabulary["[UNK]"] else {
            throw EmbeddingError.modelFile(path: source, reason: "vocabulary lacks [CLS], [SEP] or [UNK]")
        }
        guard maxLength >= 2 else { throw EmbeddingError.invalidInput("maxLength must be at least 2") }
        self.vocabulary = vocabulary
        self.specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { t in vocabulary[t].map { (t, $0) } }
        self.vocabularySize = tokens.count
        self.clsID = cls
        self.sepID = sep
        self.unkID = unk
        self.maxLength = maxLength
    }

    /// Tokenizes `text` into `[CLS] pieces… [SEP]`, cut to `maxLength`.
    public func encode(_ text: String) -> Encoding {
        var pieces: [Int32] = []
        for segment in splitSpecialTokens(text) {
            switch segment {
            case .special(let id):
                pieces.append(id)
            case .text(let part):
                for word in Self.preTokenize(Self.normalize(part)) {
                    appendWordPieces(of: word, to: &pieces)
                }
            }
        }
        let limit = maxLength - 2
        let truncated = pieces.count > limit
        var ids: [Int32] = [clsID]
        ids.append(contentsOf: truncated ? Array(pieces[0..<limit]) : pieces)
        ids.append(sepID)
        return Encoding(ids: ids, truncated: truncated, fullPieceCount: pieces.count)
    }

    // MARK: special tokens (matched in the raw text, before normalisation, as `tokenizers` does)

    enum Segment { case text(Substring), special(Int32) }

    /// Splits out literal `[UNK]`, `[CLS]`, `[SEP]`, `[PAD]`, `[MASK]` (case-sensitive, anywhere).
    func splitSpecialTokens(_ text: String) -> [Segment] {
        guard text.contains("[") else { return [.text(Substring(text))] }
        var segments: [Segment] = []
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            var searchFrom = rest.startIndex
            while let open = rest[searchFrom...].firstIndex(of: "[") {
                for (token, id) in specialTokens where rest[open...].hasPrefix(token) {
                    if open > rest.startIndex { segments.append(.text(rest[rest.startIndex..<open])) }
                    segments.append(.special(id))
                    rest = rest[rest.index(open, offsetBy: token.count)...]
                    continue outer
                }
                searchFrom = rest.index(after: open)
            }
            segments.append(.text(rest))
            break
        }
        return segments
    }

    // MARK: normalisation (BertNormalizer: clean_text, handle_chinese_chars, strip_accents, lowercase)

    static func normalize<S: StringProtocol>(_ text: S) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || isControl(s) { continue }
            if isWhitespace(s) {
                cleaned.append(" ")
            } else if isChineseCharacter(s) {
                cleaned.append(" ")
                cleaned.append(s)
                cleaned.append(" ")
            } else {
                cleaned.append(s)
            }
        }
        // strip_accents (implied by lowercase): NFD, then drop non-spacing marks; then lower-case.
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(decomposed.unicodeScalars.count)
        for s in decomposed.unicodeScalars where s.properties.generalCategory != .nonspacingMark {
            if s.properties.changesWhenLowercased {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return out
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\t", "\n", "\r", " ": return true
        default: return s.properties.isWhitespace
        }
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\t", "\n", "\r": return false
        default:
            switch s.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: return true
            default: return false
            }
        }
    }

    static func isChineseCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    // MARK: pre-tokenisation (BertPreTokenizer)

    static func preTokenize(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for s in scalars {
            if isWhitespace(s) {
                if !current.isEmpty {
                    words.append(current)
                    current = []
                }
            } else if isPunctuation(s) {
                if !current.isEmpty {
                    words.append(current)
                    current = []
                }
                words.append([s])
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    // MARK: WordPiece (greedy longest match first)

    private func appendWordPieces(of word: [Unicode.Scalar], to out: inout [Int32]) {
        if word.count > maxCharactersPerWord {
            out.append(unkID)
            return
        }
        var start = 0
        var pieces: [Int32] = []
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                out.append(unkID)
                return
            }
            pieces.append(id)
            start = end
        }
        out.append(contentsOf: pieces)
    }
}
