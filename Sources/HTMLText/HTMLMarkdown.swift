import CHTMLParser
import Foundation

/// A help-centre page (HTML) as the Markdown the knowledge base chunks, read with libxml2's
/// HTML parser (error-tolerant, as browsers are — never regular expressions):
///
/// - `h1`–`h3` become `#`–`###` headings (the sections); `h4`–`h6` stay as text.
/// - Navigation, asides, scripts, styles, forms, SVG and hidden templates are dropped, and so are
///   headers and footers outside an `article` or `main` (the page's chrome, not the article's
///   title) and elements marked `hidden` or `aria-hidden="true"`.
/// - Paragraphs, list items (`- `), quotations and preformatted blocks are paragraphs; a table is
///   one line per row, its cells separated by ` | `; a link keeps its text only.
/// - The title is the page's `<title>`, else its first heading.
public enum HTMLMarkdown {
    public struct Page: Sendable, Equatable {
        public var title: String?
        public var markdown: String
    }

    /// Elements whose content is never text a reader of the article would see as its content.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "nav", "aside", "form", "button", "svg", "iframe", "object", "canvas", "select",
        "option", "menu", "dialog",
    ]
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "body", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption",
        "h4", "h5", "h6", "address", "details", "summary", "table", "thead", "tbody", "tfoot", "caption", "hr", "center",
    ]
    /// Page chrome dropped only outside an article's content: `<article><header><h1>` is how
    /// help-centre themes wrap an article's title.
    static let chrome: Set<String> = ["header", "footer"]

    public static func convert(_ data: Data) throws -> Page {
        guard !data.isEmpty else { throw HTMLTextError(message: "the file is empty") }
        guard data.count < Int(Int32.max) else { throw HTMLTextError(message: "the file is too large") }
        let parsed = data.withUnsafeBytes { bytes in
            flusso_html_parse(bytes.bindMemory(to: CChar.self).baseAddress, Int32(bytes.count))
        }
        guard let document = parsed else { throw HTMLTextError(message: "not readable as HTML") }
        defer { flusso_html_free(document) }
        var writer = Writer()
        // Iterative walk (no recursion, however deep the markup): (node, entering).
        var stack: [(node: OpaquePointer, entering: Bool)] = []
        var insideContent = 0
        func push(childrenFrom first: OpaquePointer?) {
            var children: [OpaquePointer] = []
            var next = first
            while let item = next {
                children.append(item)
                next = flusso_html_next(item)
            }
            for item in children.reversed() { stack.append((item, true)) }
        }
        push(childrenFrom: flusso_html_first(document))
        while let (node, entering) = stack.popLast() {
            switch flusso_html_kind(node) {
            case Int32(FLUSSO_HTML_TEXT.rawValue):
                if let content = flusso_html_text(node) { writer.text(String(cString: content)) }
            case Int32(FLUSSO_HTML_ELEMENT.rawValue):
                let name = flusso_html_name(node).map { String(cString: $0).lowercased() } ?? ""
                if entering {
                    if dropped.contains(name) || flusso_html_hidden(node) != 0 { continue }
                    if insideContent == 0, chrome.contains(name) { continue }
                    if name == "article" || name == "main" { insideContent += 1 }
                    writer.enter(name)
                    stack.append((node, false))
                    push(childrenFrom: flusso_html_child(node))
                } else {
                    if name == "article" || name == "main" { insideContent -= 1 }
                    writer.exit(name)
                }
            default:
                continue
            }
        }
        writer.flush()
        return Page(title: writer.title ?? writer.firstHeading, markdown: writer.paragraphs.joined(separator: "\n\n"))
    }

    /// Collects text into paragraphs as the walk enters and leaves elements.
    struct Writer {
        var paragraphs: [String] = []
        var title: String?
        var firstHeading: String?
        private var buffer = ""
        private var headingLevel: Int?
        private var inTitle = false
        private var listPrefix = ""
        /// The cells of the rows being read, innermost table last.
        private var rows: [[String]] = []
        private var inPre = 0

        mutating func text(_ text: String) {
            if inTitle {
                title = ((title ?? "") + text)
                return
            }
            buffer += text
        }

        mutating func enter(_ name: String) {
            switch name {
            case "title": inTitle = true
            case "h1", "h2", "h3":
                flush()
                headingLevel = Int(name.dropFirst())
            case "li":
                flush()
                listPrefix = "- "
            case "tr":
                if rows.isEmpty { flush() } else { buffer += " " }
                rows.append([])
            case "td", "th":
                if rows.isEmpty { flush() } else { buffer += " " }
            case "br":
                if inPre > 0 { buffer += "\n" } else { flush() }
            case "pre":
                flush()
                inPre += 1
            default:
                if HTMLMarkdown.blocks.contains(name) { flush() }
            }
        }

        mutating func exit(_ name: String) {
            switch name {
            case "title":
                inTitle = false
                title = title.map(Self.collapse).flatMap { $0.isEmpty ? nil : $0 }
            case "h1", "h2", "h3":
                let text = Self.collapse(buffer)
                buffer = ""
                if let level = headingLevel, !text.isEmpty {
                    paragraphs.append(String(repeating: "#", count: level) + " " + text)
                    firstHeading = firstHeading ?? text
                }
                headingLevel = nil
            case "td", "th":
                if !rows.isEmpty {
                    rows[rows.count - 1].append(Self.collapse(buffer))
                    buffer = ""
                }
            case "tr":
                guard let row = rows.popLast() else { break }
                let line = row.filter { !$0.isEmpty }.joined(separator: " | ")
                if rows.isEmpty {
                    if !line.isEmpty { paragraphs.append(Self.safe(line)) }
                    buffer = ""
                } else {
                    // A table inside a cell: its rows are that cell's text.
                    buffer += " " + line + " "
                }
            case "pre":
                let lines = buffer.split(separator: "\n", omittingEmptySubsequences: false).map { Self.safe(String($0)) }
                let text = lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
                if !text.isEmpty { paragraphs.append(text) }
                buffer = ""
                inPre -= 1
            case "li":
                flush()
                listPrefix = ""
            default:
                if HTMLMarkdown.blocks.contains(name) { flush() }
            }
        }

        /// Ends the paragraph being written (inside a heading or a table cell, the text waits).
        mutating func flush() {
            // Inside a heading, a cell or a preformatted block the text waits; a block boundary
            // there is a space, so words do not run together.
            guard headingLevel == nil, rows.isEmpty, inPre == 0 else {
                if inPre == 0 { buffer += " " }
                return
            }
            let text = Self.collapse(buffer)
            buffer = ""
            guard !text.isEmpty else { return }
            paragraphs.append(Self.safe(listPrefix + text))
        }

        /// Runs of whitespace as one space.
        static func collapse(_ text: String) -> String {
            text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }

        /// Text that would read as a Markdown heading or code fence, set off by a space.
        static func safe(_ line: String) -> String {
            line.hasPrefix("#") || line.hasPrefix("```") || line.hasPrefix("~~~") ? " " + line : line
        }
    }
}

/// Why a page could not be read.
public struct HTMLTextError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
