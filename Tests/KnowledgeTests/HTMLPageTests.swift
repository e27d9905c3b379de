import Foundation
import HTMLText
import Testing

@testable import Knowledge

/// A help-centre page through libxml2's HTML parser: sections from h1–h3, the page's chrome and
/// code dropped, lists, tables and links as text, broken markup recovered.
@Suite struct HTMLPageTests {
    static let page = """
        <!doctype html><html><head><title>Replacing the thermistor – ACME Help</title>
        <style>p { color: red }</style><script>var x = "<h2>not a heading</h2>";</script></head>
        <body><nav><a href="/">Home</a> › <a href="/printers">Printers</a></nav><header>ACME Help Center</header>
        <main><h1>Replacing the thermistor</h1>
        <p>A thermistor that reads wrong causes <b>MINTEMP</b> errors. See <a href="/wiring">the wiring guide</a>.</p>
        <h2>Tools</h2><ul><li>2 mm hex key<li>Zip ties</ul>
        <h2>Steps</h2><ol><li><p>Switch the printer off.</p></li><li>Unscrew the   cover</li></ol>
        <table><tr><th>Error</th><th>Meaning</th></tr><tr><td>17105</td><td>MINTEMP</td></tr></table>
        <h4>Note</h4><p>#1 tip: keep the screws in a tray</p>
        <div hidden>secret text</div><div aria-hidden="true">icon font glyph</div>
        <p>Broken <i>markup <b>here</p><p>and after it</main><footer>© ACME</footer></body></html>
        """

    @Test func sectionsListsTablesAndLinksAreKeptAndTheChromeIsDropped() throws {
        let page = try HTMLMarkdown.convert(Data(Self.page.utf8))
        #expect(page.title == "Replacing the thermistor – ACME Help")
        let text = page.markdown
        for kept in [
            "# Replacing the thermistor", "## Tools", "## Steps", "- 2 mm hex key", "- Zip ties", "- Switch the printer off.",
            "- Unscrew the cover", "Error | Meaning", "17105 | MINTEMP", "See the wiring guide.", "Note", " #1 tip: keep the screws in a tray",
            "Broken markup here", "and after it",
        ] {
            #expect(text.contains(kept), "missing \(kept) in:\n\(text)")
        }
        for dropped in ["Home", "ACME Help Center", "©", "secret text", "icon font glyph", "var x", "color: red", "not a heading"] {
            #expect(!text.contains(dropped), "kept \(dropped) in:\n\(text)")
        }
    }

    @Test func articleHeadersNestedTablesAndLongPagesKeepTheirText() throws {
        let paragraphs = (1...1500).map { "<p>paragraph \($0)</p>" }.joined()
        let html = """
            <html><body><header>Site chrome</header><article><header><h1>Cleaning the nozzle</h1></header>
            <table><tr><td>Step<br>one</td><td><table><tr><td>inner a</td><td>inner b</td></tr></table></td><td>last</td></tr></table>
            <h2>Long</h2>\(paragraphs)</article></body></html>
            """
        let text = try HTMLMarkdown.convert(Data(html.utf8)).markdown
        #expect(text.contains("# Cleaning the nozzle") && !text.contains("Site chrome"), "\(text.prefix(300))")
        #expect(text.contains("Step one | inner a | inner b | last"), "\(text.prefix(400))")
        #expect(text.contains("paragraph 1\n") && text.contains("paragraph 750\n") && text.hasSuffix("paragraph 1500"))
    }

    @Test func theSectionsBecomeChunksAndBadPagesAreRefused() async throws {
        let parsers = DocumentParsers(chunker: MarkdownChunker(settings: ChunkingSettings()), catalogues: [], pdfText: nil)
        let documents = try await parsers.parse(path: "/help/thermistor.html", documentID: "help/thermistor.html", data: Data(Self.page.utf8))
        let document = try #require(documents.first)
        #expect(document.title == "Replacing the thermistor – ACME Help")
        #expect(document.chunks.first?.sectionPath == ["Replacing the thermistor"])
        #expect(document.chunks.map(\.text).joined().contains("Zip ties"))
        await #expect(throws: KnowledgeError("invalid_html", "the file is empty")) {
            _ = try await parsers.parse(path: "/help/empty.html", documentID: "help/empty.html", data: Data())
        }
    }
}
