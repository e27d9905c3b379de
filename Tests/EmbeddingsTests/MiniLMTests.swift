import Embeddings
import FlussoCore
import Foundation
import Testing

@Suite struct MiniLMReferenceTests {
    @Test func everyReferenceTextHasIdenticalTokenIDsAndCosineAbove0999() async throws {
        let model = try requireMiniLM()
        let cases = try referenceCases()
        #expect(cases.count == 25)
        let results = try await model.encode(cases.map(\.text))
        var minimum: Float = 1
        for (c, r) in zip(cases, results) {
            #expect(model.tokenizer.encode(c.text).ids == c.token_ids, "token ids differ for \(c.text.prefix(40))")
            let cos = cosine(r.embedding, c.embedding)
            minimum = min(minimum, cos)
            #expect(cos >= 0.999, "cosine \(cos) for \(c.text.prefix(40))")
        }
        print("MiniLM reference: \(cases.count) texts, min cosine \(minimum)")
    }

    @Test func theLongTextIsTruncatedAt256TokensAndReported() async throws {
        let model = try requireMiniLM()
        let long = try #require(try referenceCases().first { $0.token_ids.count == 256 })
        let r = try #require(try await model.encode([long.text]).first)
        #expect(r.truncated)
        #expect(r.tokenCount == 256)
        let short = try #require(try await model.encode(["pump pressure low"]).first)
        #expect(!short.truncated)
    }

    @Test func aBatchGivesTheSameVectorsAsOneTextAtATime() async throws {
        let model = try requireMiniLM()
        let texts = try referenceCases().map(\.text)
        let batched = try await model.embed(texts)
        for (i, text) in texts.enumerated().prefix(6) {
            let single = try await model.embed([text])[0]
            #expect(cosine(single, batched[i]) > 0.99999)
        }
    }

    @Test func twoThreadsGiveTheSameVectorsAsOne() async throws {
        let model = try requireMiniLM()
        let two = try MiniLMEmbedder(modelDirectory: miniLMDirectory, threads: 2, maxBatchTokens: 256)
        let texts = try referenceCases().map(\.text)
        let a = try await model.embed(texts)
        let b = try await two.embed(texts)
        for i in texts.indices { #expect(cosine(a[i], b[i]) > 0.99999) }
    }

    @Test func queriesAndPassagesAreEmbeddedAlikeAndRelatedTextsAreCloser() async throws {
        let model = try requireMiniLM()
        let q = try await model.embed(["printer nozzle temperature error"], role: .query)[0]
        let p = try await model.embed(["printer nozzle temperature error"], role: .passage)[0]
        #expect(q == p)
        let docs = try await model.embed(["The hotend thermistor reports a wrong temperature", "How to reset a VPN password"])
        #expect(cosine(q, docs[0]) > cosine(q, docs[1]))
        #expect(model.dimensions == 384 && q.count == 384)
    }
}

@Suite struct MiniLMBadInputTests {
    @Test func emptyWhitespaceAndInvalidUTF8TextsGiveUnitVectors() async throws {
        let model = try requireMiniLM()
        let invalid = String(decoding: [0xFF, 0xFE, 0x41, 0xC3, 0x28, 0x62] as [UInt8], as: UTF8.self)
        let texts = ["", "   \n\t", invalid, "\u{0}\u{7}", String(repeating: "x", count: 500)]
        let results = try await model.encode(texts)
        #expect(results.count == texts.count)
        for r in results {
            #expect(r.embedding.count == 384)
            #expect(abs(norm(r.embedding) - 1) < 1e-4)
            #expect(r.embedding.allSatisfy { $0.isFinite })
        }
        #expect(results[0].tokenCount == 2)  // [CLS] [SEP]
        #expect(results[4].tokenCount == 3)  // a word over 100 characters is [UNK]
        #expect(try await model.embed([]).isEmpty)
    }

    @Test func aVeryLongTextIsTruncatedNotRefused() async throws {
        let model = try requireMiniLM()
        let text = String(repeating: "the pump pressure drops after a restart ", count: 5_000)
        let r = try #require(try await model.encode([text]).first)
        #expect(r.truncated && r.tokenCount == 256)
    }

    @Test func aMissingModelFileIsNamedWithTheSetupCommand() throws {
        let dir = TemporaryModelDirectory()
        try dir.copy(["config.json", "vocab.txt"])
        do {
            _ = try MiniLMEmbedder(modelDirectory: dir.path)
            Issue.record("expected an error")
        } catch let error as EmbeddingError {
            #expect("\(error)".contains("model.safetensors"))
            #expect("\(error)".contains("scripts/setup-models"))
        }
    }

    @Test func aCorruptedSafetensorsFileIsNamed() throws {
        let dir = TemporaryModelDirectory()
        try dir.copy(["config.json", "vocab.txt"])
        let bad: [[UInt8]] = [
            [1, 2, 3],  // shorter than the header length
            [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0] + Array("{}".utf8),  // header length beyond the file
            [10, 0, 0, 0, 0, 0, 0, 0] + Array("not json!!".utf8),  // header is not JSON
            [2, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8),  // valid, but no tensors
        ]
        for bytes in bad {
            try Data(bytes).write(to: URL(fileURLWithPath: dir.path + "/model.safetensors"))
            #expect {
                _ = try MiniLMEmbedder(modelDirectory: dir.path)
            } throws: { error in
                "\(error)".contains("model.safetensors") && "\(error)".contains("scripts/setup-models")
            }
        }
        // A real file cut in half: the tensor ranges run past its end.
        let real = try Data(contentsOf: URL(fileURLWithPath: miniLMDirectory + "/model.safetensors"))
        try real.prefix(real.count / 2).write(to: URL(fileURLWithPath: dir.path + "/model.safetensors"))
        #expect(throws: EmbeddingError.self) { _ = try MiniLMEmbedder(modelDirectory: dir.path) }
    }

    @Test func aVocabularyThatDoesNotMatchTheConfigIsRefused() throws {
        let dir = TemporaryModelDirectory()
        try dir.copy(["config.json", "model.safetensors"])
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n".write(toFile: dir.path + "/vocab.txt", atomically: true, encoding: .utf8)
        #expect {
            _ = try MiniLMEmbedder(modelDirectory: dir.path)
        } throws: { error in
            "\(error)".contains("vocab.txt")
        }
    }
}

/// A temporary model directory holding some of the real files (symlinked, not copied).
final class TemporaryModelDirectory: Sendable {
    let path = NSTemporaryDirectory() + "flusso-model-\(UUID().uuidString)"
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func copy(_ names: [String]) throws {
        for name in names {
            try FileManager.default.createSymbolicLink(atPath: path + "/" + name, withDestinationPath: miniLMDirectory + "/" + name)
        }
    }
}
