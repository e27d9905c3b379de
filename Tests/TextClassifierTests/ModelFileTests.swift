import Foundation
import Testing

@testable import TextClassifier

@Suite struct ModelFileTests {
    @Test func aModelSurvivesARoundTripBitForBit() throws {
        let model = try ticketModel.get()
        let bytes = model.serialized()
        let back = try TrainedModel(serialized: bytes)
        #expect(back.serialized() == bytes)
        #expect(back.labels == model.labels && back.modelID == model.modelID && back.temperature == model.temperature)
        for text in ["thermal runaway", "la stampante non si connette al wifi", "invoice please"] {
            #expect(try back.predict(text) == model.predict(text))
        }
    }

    @Test func writeIsAtomicAndLoadReadsItBack() throws {
        let model = try ticketModel.get()
        let path = try temporaryFile("model.fcm", "an older file")
        try model.write(to: path)
        #expect(try TrainedModel.load(path: path).serialized() == model.serialized())
        let directory = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.fcm"])
    }

    @Test func aTruncatedFileFailsClearly() throws {
        let bytes = try ticketModel.get().serialized()
        for cut in [12, 40, bytes.count / 2, bytes.count - 1] {
            let code = errorCode { _ = try TrainedModel(serialized: Array(bytes.prefix(cut))) }
            #expect(code == "truncated_model", "cut at \(cut): \(code ?? "no error")")
        }
    }

    @Test func aCorruptedByteFailsTheChecksum() throws {
        var bytes = try ticketModel.get().serialized()
        bytes[bytes.count / 2] ^= 0x40
        #expect(errorCode { _ = try TrainedModel(serialized: bytes) } == "corrupted_model")
        var trailing = try ticketModel.get().serialized()
        trailing.append(0)
        #expect(errorCode { _ = try TrainedModel(serialized: trailing) } == "corrupted_model")
    }

    @Test func anotherFileOrFormatVersionIsRefused() throws {
        #expect(errorCode { _ = try TrainedModel(serialized: Array("text,label\nhello,x\n".utf8)) } == "not_a_model")
        #expect(errorCode { _ = try TrainedModel(serialized: []) } == "not_a_model")
        var future = try ticketModel.get().serialized()
        future[8] = 2  // version field follows the 8-byte magic
        #expect(errorCode { _ = try TrainedModel(serialized: future) } == "incompatible_model")
        #expect(errorMessage { _ = try TrainedModel(serialized: future, name: "m.fcm") }?.contains("version 2") == true)
    }

    @Test func missingFileIsUnreadable() {
        #expect(errorCode { _ = try TrainedModel.load(path: "/nonexistent/model.fcm") } == "unreadable_file")
    }
}
