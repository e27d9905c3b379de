import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

@Suite struct FileObjectStoreTests {
    let directory = TemporaryDirectory()

    @Test func putThenGetRoundTrips() async throws {
        let objects = try FileObjectStore(root: directory.path)
        try await objects.put(Data("hello".utf8), key: "attachments/tkt_1/att_1")
        #expect(try await objects.get(key: "attachments/tkt_1/att_1") == Data("hello".utf8))
        #expect(try await objects.exists(key: "attachments/tkt_1/att_1"))
    }

    @Test func putReplacesAtomically() async throws {
        let objects = try FileObjectStore(root: directory.path)
        try await objects.put(Data("one".utf8), key: "k")
        try await objects.put(Data("two".utf8), key: "k")
        #expect(try await objects.get(key: "k") == Data("two".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/.tmp").isEmpty)
    }

    @Test func traversalKeysAreRefusedAndNothingIsWritten() async throws {
        let objects = try FileObjectStore(root: directory.path + "/objects")
        await #expect(throws: FlussoError.self) { try await objects.put(Data("x".utf8), key: "../escape") }
        await #expect(throws: FlussoError.self) { try await objects.put(Data("x".utf8), key: "/tmp/escape") }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/escape"))
    }

    @Test func missingObjectIsNotFound() async throws {
        let objects = try FileObjectStore(root: directory.path)
        await #expect(throws: FlussoError.notFound("object nope")) { try await objects.get(key: "nope") }
    }

    @Test func deleteRemovesAndIsIdempotent() async throws {
        let objects = try FileObjectStore(root: directory.path)
        try await objects.put(Data("x".utf8), key: "a/b")
        try await objects.delete(key: "a/b")
        try await objects.delete(key: "a/b")
        #expect(try await !objects.exists(key: "a/b"))
    }
}
