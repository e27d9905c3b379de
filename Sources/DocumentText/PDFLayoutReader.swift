import CPoppler
import FlussoCore
import Foundation

/// What a manual's sections are read from: the PDF outline (bookmarks), and each text-layer
/// line's font size and weight (Poppler's text attributes). Runs on an engine's thread, with the
/// document and page handles `DocumentReader` holds.
enum PDFLayoutReader {
    /// Outline entries read at most (a hostile PDF can nest or repeat them without end).
    static let maxOutlineEntries = 10_000
    static let maxOutlineDepth = 8

    /// The outline in document order; empty when the PDF has none.
    static func outline(of document: OpaquePointer) -> [OutlineEntry] {
        guard let root = poppler_index_iter_new(document) else { return [] }
        defer { poppler_index_iter_free(root) }
        var entries: [OutlineEntry] = []
        walk(root, level: 1, document: document, into: &entries)
        return entries
    }

    private static func walk(_ iterator: OpaquePointer, level: Int, document: OpaquePointer, into entries: inout [OutlineEntry]) {
        repeat {
            guard entries.count < maxOutlineEntries else { return }
            if let action = poppler_index_iter_get_action(iterator) {
                let title = flusso_action_title(action).map { String(cString: $0) } ?? ""
                let page = Int(flusso_action_page(document, action))
                poppler_action_free(action)
                let clean = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if !clean.isEmpty { entries.append(OutlineEntry(title: clean, level: level, page: page > 0 ? page : nil)) }
            }
            if level < maxOutlineDepth, let child = poppler_index_iter_get_child(iterator) {
                walk(child, level: level + 1, document: document, into: &entries)
                poppler_index_iter_free(child)
            }
        } while poppler_index_iter_next(iterator) != 0
    }

    /// The page's non-empty lines, each with the font that covers most of its characters.
    static func lines(of page: OpaquePointer, text: String) -> [TextLine] {
        var spans: [(start: Int, end: Int, size: Double, bold: Bool)] = []
        if let list = poppler_page_get_text_attributes(page) {
            var node: UnsafeMutablePointer<GList>? = list
            while let element = node {
                if let attributes = flusso_text_attributes(element) {
                    let name = attributes.pointee.font_name.map { String(cString: $0) } ?? ""
                    spans.append(
                        (Int(attributes.pointee.start_index), Int(attributes.pointee.end_index), attributes.pointee.font_size, isBold(name)))
                }
                node = element.pointee.next
            }
            poppler_page_free_text_attributes(list)
        }
        spans.sort { $0.start < $1.start }
        let scalars = Array(text.unicodeScalars)
        var lines: [TextLine] = []
        var lineStart = 0
        var first = 0
        for index in 0...scalars.count where index == scalars.count || scalars[index] == "\n" {
            defer { lineStart = index + 1 }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[lineStart..<index])
            let line = String(view).trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            // The span covering most of the line (spans' ends are inclusive).
            while first < spans.count, spans[first].end < lineStart { first += 1 }
            var best: (covered: Int, size: Double, bold: Bool) = (0, 0, false)
            var cursor = first
            while cursor < spans.count, spans[cursor].start < index {
                let covered = min(spans[cursor].end + 1, index) - max(spans[cursor].start, lineStart)
                if covered > best.covered { best = (covered, spans[cursor].size, spans[cursor].bold) }
                cursor += 1
            }
            lines.append(TextLine(text: line, fontSize: (best.size * 10).rounded() / 10, bold: best.bold))
        }
        return lines
    }

    /// Whether a font name (`ABCDEF+DejaVuSans-Bold`, `Arial-BoldMT`) is a bold or heavier face.
    static func isBold(_ fontName: String) -> Bool {
        let name = fontName.lowercased()
        return ["bold", "black", "heavy", "semibold", "demi"].contains { name.contains($0) }
    }
}
