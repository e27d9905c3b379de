import Testing

@testable import Knowledge

/// The re-ranker compares a query's words with a chunk's as stems, so that inflections of one
/// word meet and different words stay apart.
@Suite struct TextTermsTests {
    @Test func inflectionsOfOneWordShareAStem() {
        let english = [
            ["replace", "replaced", "replacing", "replaces"],
            ["battery", "batteries"],
            ["configure", "configured", "configuring"],
            ["switch", "switches"],
            ["driver", "drivers"],
            ["file", "files"], ["code", "codes"], ["line", "lines"], ["mode", "modes"],
            ["fan", "fans"], ["log", "logs"],
        ]
        for group in english {
            #expect(Set(group.map { TextTerms.stem($0, language: "en") }).count == 1, "\(group)")
        }
        for group in [["ventola", "ventole"], ["batteria", "batterie"], ["pulire", "pulito"]] {
            #expect(Set(group.map { TextTerms.stem($0, language: "it") }).count == 1, "\(group)")
        }
        #expect(TextTerms.stem("batteries", language: nil) == TextTerms.stem("battery", language: "en"), "unknown: English")
    }

    @Test func shortWordsNumbersAndCodesAreKeptAsTheyAre() {
        for word in ["ups", "usb", "e101", "17105", "nut", "ttys0", "bus", "plus"] {
            #expect(TextTerms.stem(word, language: "en") == word)
        }
    }

    @Test func contentStemsDropFunctionWords() {
        #expect(TextTerms.contentStems("How do I replace the batteries?", language: "en") == ["replac", "battery"])
    }
}
