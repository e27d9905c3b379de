import FlussoCore
import Testing

@testable import Knowledge

@Suite struct ChunkingTests {
    let chunker = MarkdownChunker(settings: ChunkingSettings(maxTokens: 60, windowTokens: 40, overlapTokens: 10))

    @Test func frontMatterIsParsedAndListsAcceptBothForms() throws {
        let (fm, body, line) = try FrontMatter.split(
            """
            ---
            title: "Hotend"
            product_models: [ap-200, AP-300]
            error_codes: E101, e102
            language: EN
            ---
            # Body
            """)
        #expect(fm.title == "Hotend")
        #expect(fm.productModels == ["AP-200", "AP-300"])
        #expect(fm.errorCodes == ["E101", "E102"])
        #expect(fm.language == "en")
        #expect(body == "# Body")
        #expect(line == 7)
    }

    @Test func unclosedFrontMatterIsAnErrorOnLineOne() {
        #expect(throws: KnowledgeError("invalid_front_matter", "front matter starts on line 1 but has no closing '---'", line: 1)) {
            _ = try FrontMatter.split("---\ntitle: x\n# no end\n")
        }
    }

    @Test func shortSectionsArePackedAndKeepTheFirstSectionPath() {
        let drafts = chunker.chunk(
            """
            # Guide
            ## Cause
            The thermistor is loose.
            ## Fix
            Tighten the screw.
            """)
        #expect(drafts.count == 1)
        #expect(drafts[0].sectionPath == ["Guide", "Cause"])
        #expect(drafts[0].text.contains("## Fix"))
    }

    @Test func sectionsThatDoNotFitStartANewChunk() {
        let long = Array(repeating: "word", count: 45).joined(separator: " ")
        let drafts = chunker.chunk("# A\n## One\n\(long)\n## Two\n\(long)\n")
        #expect(drafts.map(\.sectionPath) == [["A", "One"], ["A", "Two"]])
        #expect(drafts.allSatisfy { $0.tokenCount <= 60 })
    }

    @Test func aLongSectionIsCutIntoOverlappingWindows() {
        let sentences = (1...30).map { "Sentence number \($0) ends here." }.joined(separator: " ")
        let drafts = chunker.chunk("# Long\n\(sentences)")
        #expect(drafts.count > 2)
        #expect(drafts.allSatisfy { $0.tokenCount <= 60 })
        for (a, b) in zip(drafts, drafts.dropFirst()) {
            let lastSentence = a.text.split(separator: ".").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(b.text.contains(lastSentence), "windows must overlap")
        }
    }

    @Test func headingsInsideCodeFencesDoNotSplit() {
        let drafts = chunker.chunk("# Doc\nText\n```\n# not a heading\n```\n")
        #expect(drafts.count == 1)
        #expect(drafts[0].sectionPath == ["Doc"])
    }

    @Test func metadataPatternsFindCodesAndModelsOnce() throws {
        let patterns = try MetadataPatterns()
        #expect(patterns.errorCodes(in: "E101 then e102? and 17105, again E101") == ["E101", "17105"])
        #expect(patterns.models(in: "Fits the AP-200 and AL-40, not AP200") == ["AP-200", "AL-40"])
        #expect(throws: KnowledgeError.self) { _ = try MetadataPatterns(errorCodePattern: "([") }
    }

    @Test func csvReaderHandlesQuotesCommasAndNewlines() throws {
        let rows = try CSVReader.rows("code,text\nE1,\"a, \"\"quoted\"\"\nline\"\nE2,plain\n")
        #expect(rows.count == 3)
        #expect(rows[1].fields == ["E1", "a, \"quoted\"\nline"])
        #expect(rows[2].line == 4)
        #expect(throws: CSVReader.Problem(line: 2, message: "a quoted field is not closed")) { _ = try CSVReader.rows("a,b\n\"open,x\n") }
    }
}
