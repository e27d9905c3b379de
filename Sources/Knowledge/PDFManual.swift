import FlussoCore
import Foundation

/// A PDF manual's extracted text (`DocumentText` read with its layout) as the chunker's input:
/// Markdown headings for its sections and every body line prefixed with its page's marker, so
/// each chunk knows the pages it spans.
///
/// - Running headers and footers (a line among a page's first or last two that recurs, digits
///   aside, on at least half of the pages, three at least) and bare page numbers are dropped.
/// - Sections come from the outline (bookmarks) when the PDF has one: each entry becomes a heading
///   at its level, placed at the line of its page that carries its title (else at the page's top).
/// - Without an outline, from the fonts: a short line set at least 15 % larger than the body text
///   (the size most characters have) is a heading, larger sizes ranking higher; a short bold line
///   at the body size is a heading below them. OCR'd pages have no font information and add no
///   headings.
struct PDFManual {
    /// Pages above this share the last marker (the Unicode private-use area holds 6,400).
    static let maxMarkedPage = 6_399
    private static let markerBase: UInt32 = 0xE000

    static func marker(_ page: Int) -> Character {
        Character(Unicode.Scalar(markerBase + UInt32(min(max(page, 0), maxMarkedPage)))!)
    }

    /// The text without its page markers, and the pages they named (first and last).
    static func unmark(_ text: String) -> (text: String, pageStart: Int?, pageEnd: Int?) {
        var clean = String.UnicodeScalarView()
        var low: Int?
        var high: Int?
        for scalar in text.unicodeScalars {
            if scalar.value >= markerBase, scalar.value <= markerBase + UInt32(maxMarkedPage) {
                let page = Int(scalar.value - markerBase)
                low = min(low ?? page, page)
                high = max(high ?? page, page)
            } else {
                clean.append(scalar)
            }
        }
        return (String(clean), low, high)
    }

    struct Line {
        var text: String
        var fontSize: Double
        var bold: Bool
    }

    /// Private-use characters some fonts put in the text layer (Symbol and Wingdings bullets),
    /// made readable, so that none is ever taken for a page marker.
    static func sanitized(_ text: String) -> String {
        let bullets: Set<UInt32> = [0xF0B7, 0xF0A7, 0xF0D8, 0xF0FC, 0xF076, 0xF06E, 0xF0A8, 0xF0B2]
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xE000...0xF8FF).contains(scalar.value) {
                if bullets.contains(scalar.value) { out.append("•") }
            } else {
                out.append(scalar)
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    /// The manual as headed, page-marked text, and the title its first heading gives.
    static func markdown(_ document: DocumentText) -> (text: String, title: String?) {
        var pages = document.pages.map { page -> (number: Int, lines: [Line]) in
            let lines =
                (page.lines?.map { Line(text: sanitized($0.text), fontSize: $0.fontSize, bold: $0.bold) }
                ?? page.text.split(separator: "\n").map { Line(text: sanitized(String($0)), fontSize: 0, bold: false) })
                .filter { !$0.text.isEmpty }
            return (page.number, lines)
        }
        let body = bodySize(pages.flatMap(\.lines))
        dropRunningLines(&pages, bodySize: body)
        let outline = (document.outline ?? []).filter { $0.page != nil }.map {
            OutlineEntry(title: sanitized($0.title), level: $0.level, page: $0.page)
        }.filter { !$0.title.isEmpty }
        var out: [String] = []
        var title: String?
        if !outline.isEmpty {
            for page in pages {
                // Where each of this page's entries goes: at the line carrying its title (which
                // the heading replaces), else before the first line not yet passed.
                var headings: [Int: [(text: String, replaces: Bool)]] = [:]
                var searchFrom = 0
                for entry in outline where entry.page == page.number {
                    let heading = String(repeating: "#", count: min(entry.level, 6)) + " " + entry.title
                    // A line set like a heading wins over one that only reads the same (a running
                    // header that repeats the chapter's title).
                    let candidates = page.lines.indices.dropFirst(searchFrom).filter { matches(page.lines[$0].text, title: entry.title) }
                    let headingLike = candidates.first { isHeadingLike(page.lines[$0], bodySize: body) }
                    if let index = headingLike ?? candidates.first {
                        headings[index, default: []].append((heading, true))
                        searchFrom = index + 1
                    } else {
                        headings[searchFrom, default: []].append((heading, false))
                    }
                    title = title ?? entry.title
                }
                for (index, line) in page.lines.enumerated() {
                    let here = headings[index] ?? []
                    out.append(contentsOf: here.map(\.text))
                    if !here.contains(where: \.replaces) { out.append("\(marker(page.number))\(line.text)") }
                }
                out.append(contentsOf: (headings[page.lines.count] ?? []).map(\.text))
            }
            return (out.joined(separator: "\n"), title)
        }
        let levels = headingLevels(pages.flatMap(\.lines))
        for page in pages {
            for line in page.lines {
                if let level = levels(line) {
                    out.append(String(repeating: "#", count: level) + " " + line.text)
                    title = title ?? line.text
                } else {
                    out.append("\(marker(page.number))\(line.text)")
                }
            }
        }
        return (out.joined(separator: "\n"), title)
    }

    /// Whether a page line is the one an outline entry titles (case, spacing and a leading
    /// number's punctuation aside; a long title may wrap, so the line may be its beginning).
    static func matches(_ line: String, title: String) -> Bool {
        let l = normalized(line)
        let t = normalized(title)
        guard !l.isEmpty, !t.isEmpty else { return false }
        return l == t || (t.hasPrefix(l) && l.count >= 8) || (l.hasPrefix(t) && l.count <= t.count + 4)
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }

    /// The body text's font size: the one most characters are set in (nil without font information).
    static func bodySize(_ lines: [Line]) -> Double? {
        var characters: [Double: Int] = [:]
        for line in lines where line.fontSize > 0 { characters[line.fontSize, default: 0] += line.text.count }
        return characters.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key
    }

    /// Set larger than the body text, or bold.
    static func isHeadingLike(_ line: Line, bodySize: Double?) -> Bool {
        guard let bodySize, line.fontSize > 0 else { return false }
        return line.fontSize > bodySize * 1.05 || line.bold
    }

    /// A function giving a line's heading level (nil: body text), from the fonts' sizes.
    static func headingLevels(_ lines: [Line]) -> (Line) -> Int? {
        guard let body = bodySize(lines) else { return { _ in nil } }
        func short(_ line: Line) -> Bool {
            let words = line.text.split(separator: " ").count
            return words <= 14 && line.text.count <= 120 && !line.text.hasSuffix(".") && line.text.contains(where: \.isLetter)
        }
        let larger = Set(lines.filter { $0.fontSize >= body * 1.15 && short($0) }.map(\.fontSize)).sorted(by: >)
        let ranks = Dictionary(uniqueKeysWithValues: larger.enumerated().map { ($0.element, min($0.offset + 1, 3)) })
        let boldLevel = min(larger.count + 1, 4)
        return { line in
            guard short(line) else { return nil }
            if let rank = ranks[line.fontSize] { return rank }
            if line.bold, line.fontSize > 0, abs(line.fontSize - body) < body * 0.15, line.text.split(separator: " ").count <= 10 {
                return boldLevel
            }
            return nil
        }
    }

    /// Drops running headers and footers, and page numbers, from the first and last two lines of
    /// every page; a line set like a heading (larger than the body, or bold) is never dropped.
    static func dropRunningLines(_ pages: inout [(number: Int, lines: [Line])], bodySize: Double?) {
        func edges(_ count: Int) -> [Int] {
            Array(Set([0, 1, count - 2, count - 1].filter { $0 >= 0 && $0 < count })).sorted()
        }
        var seen: [String: Int] = [:]
        for page in pages {
            for key in Set(edges(page.lines.count).map { runningKey(page.lines[$0].text) }) { seen[key, default: 0] += 1 }
        }
        // A third of the pages: headers that alternate between even and odd pages count too.
        let threshold = max(3, (pages.count + 2) / 3)
        for index in pages.indices {
            let count = pages[index].lines.count
            let drop = Set(
                edges(count).filter { position in
                    let line = pages[index].lines[position]
                    guard !isHeadingLike(line, bodySize: bodySize) else { return false }
                    return isPageNumber(line.text) || (pages.count >= 3 && (seen[runningKey(line.text)] ?? 0) >= threshold)
                })
            pages[index].lines = pages[index].lines.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
    }

    /// A line with its first and last numbers (a page or chapter number) made alike.
    private static func runningKey(_ text: String) -> String {
        var words = text.lowercased().split(separator: " ").map(String.init)
        for index in [0, words.count - 1] where words.indices.contains(index) && words[index].contains(where: \.isNumber) {
            words[index] = "#"
        }
        return words.joined(separator: " ")
    }

    /// `12`, `- 12 -`, `Page 12`, `p. 12`, `12 / 300`, `Pagina 3 di 40`.
    static func isPageNumber(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        let numbers = words.filter { $0.allSatisfy(\.isNumber) }.count
        guard (1...2).contains(numbers), words.count <= 4 else { return false }
        let allowed: Set<Substring> = ["page", "pag", "p", "pagina", "of", "di", "seite", "von"]
        return words.allSatisfy { $0.allSatisfy(\.isNumber) || allowed.contains($0) }
    }
}

/// Limits of reading PDF manuals.
public enum PDFManualLimits {
    /// The most pages a manual may have read (each chunk's pages are marked in its text).
    public static let maxPages = PDFManual.maxMarkedPage
}
