import FlussoCore
import Foundation

/// The names in a ticket that none of its retrieved chunks mentions: a product, a model number, a
/// tool, a configuration key ("pfSense", "AX210", "Ansible", "kernel.pid_max"). A question about a
/// thing the knowledge base never names has no documented answer there, however many of its other
/// words the chunks share; answering it would piece a confident reply together from sentences
/// about something else. The generation chain refuses such a ticket (`no_documented_fix`) before
/// any link is asked.
///
/// A word is a name when it mixes letters and digits (not a version such as 12.5 or 2.x, nor a
/// quantity such as 10GB or 115200), joins words with `.` or `_`, has a capital after a small
/// letter, or starts with a capital away from the start of a sentence (acronyms of up to four
/// capitals such as USB, LAN or GRUB excepted: they are common nouns of the trade); a compound
/// ("Wake-on-LAN") is a name when one of its parts is. A name is
/// mentioned when its letters and digits, case and punctuation ignored, occur in a chunk's text,
/// section path, title, product models or error codes as whole words (so "Intel" is not found in
/// "intelligent"). Not names: e-mail addresses, attached files' names, hex numbers, codes of up to
/// three characters (M3, G28).
public enum UnmentionedNames {
    /// Units that make a number with letters a quantity, not a name (lower case).
    static let units: Set<String> = [
        "b", "k", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "bit", "bits", "bps", "kbps", "mbps", "gbps",
        "ms", "us", "ns", "s", "sec", "secs", "min", "mins", "h", "hr", "hrs", "d", "hz", "khz", "mhz", "ghz",
        "v", "vac", "vdc", "mv", "a", "ma", "w", "kw", "va", "kva", "wh", "kwh", "ah", "mah",
        "mm", "cm", "m", "km", "in", "ft", "c", "f", "x", "p", "st", "nd", "rd", "th", "gen", "°c", "°f",
    ]

    /// The ticket's names (in its symptom text) that no chunk mentions, in the order they appear.
    public static func of(_ ticket: Ticket, in chunks: [RetrievedChunk]) -> [String] {
        let names = Self.names(in: ticket.symptomText)
        guard !names.isEmpty else { return [] }
        var evidence: [UInt8] = []
        for retrieved in chunks {
            let chunk = retrieved.chunk
            for field in [chunk.text, chunk.sectionPath.joined(separator: " "), chunk.title, chunk.productModels.joined(separator: " ")]
                + chunk.errorCodes
            {
                fold(field, into: &evidence, boundaries: true)
                evidence.append(boundary)
            }
        }
        var seen: Set<[UInt8]> = []
        return names.filter { name in
            var folded: [UInt8] = []
            fold(name, into: &folded, boundaries: false)
            guard !folded.isEmpty, seen.insert(folded).inserted else { return false }
            return !containsWord(evidence, folded)
        }
    }

    /// Words after which a capitalised word is a person, not a thing the manual should name:
    /// greetings, sign-offs, titles and contact verbs, in English and Italian ("Call Mario on …",
    /// "Regards, Anna Bianchi", "Gentile Sig. Rossi").
    static let personCues: Set<String> = [
        "hi", "hello", "dear", "thanks", "thank", "regards", "cheers", "best", "sincerely", "call", "contact",
        "ask", "phone", "ring", "email", "mail", "tell", "cc", "mr", "mrs", "ms", "dr", "ing", "sig", "sig.ra", "dott",
        "dott.ssa", "ciao", "salve", "gentile", "egregio", "grazie", "saluti", "cordiali", "distinti", "chiamare", "chiama",
        "contattare", "contatta", "sentire", "chiedere", "signor", "signora",
    ]

    /// The words of `text` that are names, in order; a person's name (after a cue in
    /// `personCues`, and the capitalised words right after it) is not one.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var previous = ""
        var inPerson = false
        for (word, atSentenceStart) in words(in: text) {
            let capitalised = word.first?.isUppercase ?? false
            inPerson = capitalised && (personCues.contains(previous) || inPerson)
            if !inPerson, isName(word, atSentenceStart: atSentenceStart) { names.append(word) }
            previous = word.lowercased()
        }
        return names
    }

    static func isName(_ word: String, atSentenceStart: Bool) -> Bool {
        let characters = Array(word)
        guard characters.count >= 2 else { return false }
        let lower = word.lowercased()
        // An e-mail address is the sender's, an attached file's name the ticket's own, a hex
        // number a value: not things to look up.
        if isVersion(lower) || isQuantity(lower) || lower.contains("@") || isFileName(lower) || lower.hasPrefix("0x") { return false }
        // A host in a reserved example domain (RFC 2606) stands for any host, not a thing to look up.
        if ["example.com", "example.org", "example.net"].contains(where: { lower.hasSuffix($0) }) { return false }
        // Letters with digits: a model or part (AX210, RTL8852BE), not a short code such as a
        // screw size or a G-code (M3, G28).
        if characters.contains(where: \.isLetter) && characters.contains(where: \.isNumber) { return characters.count > 3 }
        // A compound is a name when one of its parts is ("Wake-on-LAN", not "USB-connected").
        if word.contains("-") {
            return word.split(separator: "-").contains { isName(String($0), atSentenceStart: atSentenceStart) }
        }
        if characters.contains(where: { $0 == "." || $0 == "_" }) {
            // "e.g", "i.e": abbreviations, not keys.
            return lower.split(whereSeparator: { $0 == "." || $0 == "_" }).contains { $0.count > 1 }
        }
        if zip(characters, characters.dropFirst()).contains(where: { $0.isLowercase && $1.isUppercase }) { return true }
        guard let first = characters.first, first.isUppercase, !atSentenceStart else { return false }
        let letters = characters.filter(\.isLetter)
        let isShortAcronym = letters.count <= 4 && letters.allSatisfy(\.isUppercase)
        return !isShortAcronym
    }

    /// Extensions of files a ticket attaches or quotes (`IMG_2041.jpg`, `dmesg.txt`).
    static let fileExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "bmp", "heic", "webp", "tif", "tiff", "pdf", "txt", "log", "csv", "json", "xml", "zip", "gz",
        "tgz", "7z", "doc", "docx", "xls", "xlsx", "odt", "ods", "mp4", "mov", "avi", "eml", "msg",
    ]

    static func isFileName(_ lower: String) -> Bool {
        guard let dot = lower.lastIndex(of: "."), dot != lower.startIndex else { return false }
        return fileExtensions.contains(String(lower[lower.index(after: dot)...]))
    }

    /// 12.5, 2.x, v1.2.3.
    static func isVersion(_ lower: String) -> Bool {
        let body = lower.hasPrefix("v") ? lower.dropFirst() : Substring(lower)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in !part.isEmpty && (part.allSatisfy(\.isNumber) || part == "x") }
            && parts[0].allSatisfy(\.isNumber)
    }

    /// 10GB, 115200, 1.5kW, 2nd, and a unit on its own (GHz, mA).
    static func isQuantity(_ lower: String) -> Bool {
        guard let firstNonNumber = lower.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == ",") }) else {
            return true
        }
        guard firstNonNumber != lower.startIndex else { return units.contains(lower) }
        return units.contains(String(lower[firstNonNumber...]))
    }

    /// Words: runs of letters and digits, joined inside by `-`, `.`, `_`, `+` or `@`; with whether each
    /// starts a sentence (the text's start, or after `.`, `?`, `!`, `:`, `;`, a quote, a bracket or
    /// a line break).
    static func words(in text: String) -> [(word: String, atSentenceStart: Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        var startsSentence = true
        var afterBoundary = true
        func separate(_ character: Character) {
            if ".?!:;\"'()[]{}\n\u{201C}\u{2018}".contains(character) {
                afterBoundary = true
            } else if !character.isWhitespace {
                afterBoundary = false
            }
        }
        func flush() {
            var trailing: [Character] = []
            while let last = current.last, !(last.isLetter || last.isNumber) { trailing.insert(current.removeLast(), at: 0) }
            if !current.isEmpty { result.append((current, startsSentence)) }
            current = ""
            trailing.forEach(separate)
        }
        for character in text {
            if character.isLetter || character.isNumber {
                if current.isEmpty { startsSentence = afterBoundary }
                current.append(character)
                afterBoundary = false
            } else if !current.isEmpty, "-._+@".contains(character) {
                current.append(character)
            } else {
                flush()
                separate(character)
            }
        }
        flush()
        return result
    }

    /// The byte that stands between words in folded evidence.
    static let boundary = UInt8(ascii: " ")

    /// Appends the text's letters and digits, lower-cased, as UTF-8 (ASCII without allocating;
    /// Foundation's `CharacterSet` is slow on Linux, and this runs over every retrieved chunk).
    /// With `boundaries`, anything else becomes one `boundary` byte, so a match can be held to
    /// whole words.
    static func fold(_ text: String, into out: inout [UInt8], boundaries: Bool) {
        func separate() {
            if boundaries, out.last != boundary { out.append(boundary) }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                    out.append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    out.append(byte + 0x20)
                } else {
                    separate()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                out.append(contentsOf: String(scalar).lowercased().utf8)
            } else {
                separate()
            }
        }
    }

    /// Whether `needle` (folded without boundaries) occurs in `haystack` (folded with them) as
    /// whole words: starting after a boundary and ending before one, boundaries inside skipped —
    /// "Wi-Fi" is found in "wifi" and in "wi-fi", "Intel" is not found in "intelligent", nor
    /// "Eaton" in "heat on".
    static func containsWord(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        for start in haystack.indices where haystack[start] == first && (start == 0 || haystack[start - 1] == boundary) {
            var position = start
            var matched = 0
            while position < haystack.count && matched < needle.count {
                if haystack[position] == boundary {
                    position += 1
                } else if haystack[position] == needle[matched] {
                    position += 1
                    matched += 1
                } else {
                    break
                }
            }
            if matched == needle.count && (position == haystack.count || haystack[position] == boundary) { return true }
        }
        return false
    }
}
