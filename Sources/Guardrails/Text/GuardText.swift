import Foundation

/// Text helpers shared by the checks: folding (lower case, no accents), words, sentences.
enum GuardText {
    /// Lower case without diacritics (`Pulire l'UGELLO` → `pulire l'ugello`), so Italian and
    /// English compare on letters alone; combining accents, zero-width characters and soft
    /// hyphens are dropped, so they cannot hide a word from the rules.
    static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var asciiOnly = true
        for byte in text.utf8 where byte >= 0x80 {
            asciiOnly = false
            break
        }
        if asciiOnly {
            for byte in text.utf8 { out.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
            return String(decoding: out, as: UTF8.self)
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let byte = UInt8(v)
                out.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
            } else if let folded = latinFolds[v] {
                out.append(contentsOf: folded.utf8)
            } else if v == 0x2019 || v == 0x2018 {
                out.append(39)
            } else if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0x2060 || v == 0xFEFF || v == 0xAD {
                continue  // combining accents and invisible characters ("ig\u{200B}nore", "by\u{AD}pass") are dropped
            } else {
                out.append(contentsOf: String(scalar).lowercased().utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Latin-1 Supplement and Latin Extended-A folded once with Foundation (accents off, lower
    /// case): Foundation's folding is correct but slow on Linux, and these are the letters
    /// Italian and English text uses.
    private static let latinFolds: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for v in UInt32(0xC0)...UInt32(0x17F) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            table[v] = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        return table
    }()

    /// Substring test on UTF-8 bytes (Foundation's `contains` goes through CFString on Linux).
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard h.count >= n.count else { return false }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Runs of letters or digits of folded text; an apostrophe splits (`l'ugello` → `l`, `ugello`).
    static func words(_ folded: String) -> [String] {
        var words: [String] = []
        var text = folded
        text.withUTF8 { bytes in
            var start = -1
            var index = 0
            while index < bytes.count {
                let c = bytes[index]
                var length = 1
                var isWord: Bool
                if c < 0x80 {
                    isWord = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
                } else {
                    length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                    length = min(length, bytes.count - index)
                    let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]), as: UTF8.self).unicodeScalars.first
                    isWord = scalar.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false
                }
                if isWord {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = -1
                }
                index += length
            }
            if start >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self)) }
        }
        return words
    }

    /// Sentences and list items: split at `.`, `!`, `?`, `;` followed by a space or a line break,
    /// and at line breaks; a decimal point (`0.2 mm`) does not split. Pieces without a letter or
    /// digit are dropped. (Works on UTF-8 bytes: these are all ASCII.)
    static func sentences(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes -> [String] in
            var out: [String] = []
            var start = 0
            var index = 0
            func flush(_ end: Int) {
                var a = start, b = end
                while a < b, bytes[a] == 32 || bytes[a] == 9 || bytes[a] == 13 { a += 1 }
                while b > a, bytes[b - 1] == 32 || bytes[b - 1] == 9 || bytes[b - 1] == 13 { b -= 1 }
                var meaningful = false
                for i in a..<b {
                    let c = bytes[i]
                    if c >= 0x80 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) {
                        meaningful = true
                        break
                    }
                }
                if meaningful { out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)) }
            }
            while index < bytes.count {
                let c = bytes[index]
                if c == 10 {
                    flush(index)
                    start = index + 1
                } else if c == 46 || c == 33 || c == 63 || c == 59 {
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 32
                    if next == 32 || next == 10 {
                        flush(index + 1)
                        start = index + 1
                    }
                }
                index += 1
            }
            flush(bytes.count)
            return out
        }
    }

    /// Sentences further cut at commas and colons (for polarity: "switch it off, then … on").
    static func clauses(_ text: String) -> [String] {
        sentences(text).flatMap { sentence in
            sentence.split(whereSeparator: { $0 == "," || $0 == ":" }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.contains(where: { $0.isLetter }) }
        }
    }

    /// Whitespace collapsed to single spaces and folded, for tolerant containment tests.
    static func squeezed(_ text: String) -> String {
        fold(text).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
