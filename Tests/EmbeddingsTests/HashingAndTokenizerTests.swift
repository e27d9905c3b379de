import Embeddings
import FlussoCore
import Foundation
import Testing

@Suite struct HashingEmbedderTests {
    let embedder = HashingEmbedder()

    @Test func vectorsAreUnitLengthAndDeterministic() async throws {
        let a = try await embedder.embed(["Thermal runaway on the hotend", "Errore E42: pressione bassa"])
        let b = try await HashingEmbedder().embed(["Thermal runaway on the hotend", "Errore E42: pressione bassa"])
        #expect(a == b)
        for v in a {
            #expect(v.count == 384)
            #expect(abs(norm(v) - 1) < 1e-5)
        }
        #expect(embedder.modelID == "hashing-v1-384")
    }

    @Test func textsSharingWordsAreCloserThanUnrelatedOnes() async throws {
        let v = try await embedder.embed([
            "pump pressure low after restart",
            "low pump pressure",
            "how do I reset the VPN password",
        ])
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.2)
    }

    @Test func accentsAndCaseAreFolded() async throws {
        let v = try await embedder.embed(["CAFÉ Naïve", "cafe naive"])
        #expect(cosine(v[0], v[1]) > 0.999)
    }

    @Test func aTextWithoutLettersOrDigitsGivesTheZeroVector() async throws {
        let v = try await embedder.embed(["", "  !!! ...  "])
        #expect(v.allSatisfy { $0.count == 384 && $0.allSatisfy { $0 == 0 } })
    }
}

@Suite struct WordPieceTokenizerTests {
    let tokenizer = try! WordPieceTokenizer(
        tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cafe", "hello", "##s", "世", "界", "!", ",", "un", "##aff", "##able"],
        maxLength: 8)

    @Test func accentsAreStrippedCaseLoweredAndPunctuationSplit() {
        #expect(tokenizer.encode("Café, HELLOS!").ids == [2, 5, 11, 6, 7, 10, 3])
    }

    @Test func cjkCharactersAreSplitAndUnknownWordsAreUNK() {
        #expect(tokenizer.encode("世界xyz").ids == [2, 8, 9, 1, 3])
        #expect(tokenizer.encode("unaffable").ids == [2, 12, 13, 14, 3])
    }

    @Test func literalSpecialTokensAreKept() {
        #expect(tokenizer.encode("hello [UNK] [SEP]x").ids == [2, 6, 1, 3, 1, 3])
    }

    @Test func truncationKeepsCLSAndSEPAndIsReported() {
        let e = tokenizer.encode("hello hello hello hello hello hello hello hello")
        #expect(e.ids.count == 8 && e.ids.first == 2 && e.ids.last == 3 && e.truncated && e.fullPieceCount == 8)
    }

    @Test func controlCharactersAndReplacementCharactersAreDropped() {
        #expect(tokenizer.encode("hel\u{0}lo\u{FFFD}").ids == [2, 6, 3])
    }
}
