import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

@Suite struct FileAttachmentReaderTests {
    let directory = TemporaryDirectory("flusso-roots")
    var root: String { directory.path + "/allowed" }
    var outside: String { directory.path + "/outside" }

    init() throws {
        try FileManager.default.createDirectory(atPath: directory.path + "/allowed/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path + "/outside", withIntermediateDirectories: true)
        try Data("inside".utf8).write(to: URL(fileURLWithPath: directory.path + "/allowed/sub/report.txt"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: directory.path + "/outside/secret.txt"))
    }

    func code(_ reader: FileAttachmentReader, _ uri: String) -> String? {
        do {
            _ = try reader.read(uri: uri)
            return nil
        } catch {
            return error.flussoCode.name
        }
    }

    @Test func aFileInsideAnAllowedRootIsRead() throws {
        let reader = FileAttachmentReader(allowedRoots: [root], maxBytes: 1000)
        #expect(try reader.read(uri: "file://\(root)/sub/report.txt") == Data("inside".utf8))
    }

    @Test func dotDotSegmentsAreRefusedEvenWhenTheyWouldLandInsideTheRoot() {
        let reader = FileAttachmentReader(allowedRoots: [root], maxBytes: 1000)
        #expect(code(reader, "file://\(root)/../outside/secret.txt") == "uri_not_allowed")
        #expect(code(reader, "file://\(root)/sub/../sub/report.txt") == "uri_not_allowed")
        #expect(code(reader, "file://\(root)/sub/%2E%2E/%2e%2e/outside/secret.txt") == "uri_not_allowed")
        #expect(code(reader, "file://\(root)/./sub/report.txt") == "uri_not_allowed")
    }

    @Test func aFileOutsideTheRootsIsRefused() {
        let reader = FileAttachmentReader(allowedRoots: [root], maxBytes: 1000)
        #expect(code(reader, "file://\(outside)/secret.txt") == "uri_not_allowed")
        #expect(code(reader, "file:///etc/passwd") == "uri_not_allowed")
        // A sibling whose name merely starts with the root's name is outside too.
        #expect(
            code(FileAttachmentReader(allowedRoots: [directory.path + "/out"], maxBytes: 1000), "file://\(outside)/secret.txt") == "uri_not_allowed")
    }

    @Test func aSymbolicLinkInsideTheRootPointingOutsideIsRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: outside + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root + "/linkdir", withDestinationPath: outside)
        let reader = FileAttachmentReader(allowedRoots: [root], maxBytes: 1000)
        #expect(code(reader, "file://\(root)/link.txt") == "uri_not_allowed")
        #expect(code(reader, "file://\(root)/linkdir/secret.txt") == "uri_not_allowed")
    }

    @Test func withNoRootsEveryFileURIIsRefused() {
        #expect(code(FileAttachmentReader(allowedRoots: [], maxBytes: 1000), "file://\(root)/sub/report.txt") == "uri_not_allowed")
    }

    @Test func remoteHostsDirectoriesMissingAndOversizedFilesAreRefused() {
        let reader = FileAttachmentReader(allowedRoots: [root], maxBytes: 3)
        #expect(code(reader, "file://example.com\(root)/sub/report.txt") == "uri_not_allowed")
        #expect(code(reader, "file://\(root)/sub") == "uri_not_allowed")
        #expect(code(reader, "file://\(root)/sub/missing.pdf") == "not_found")
        #expect(code(reader, "file://\(root)/sub/report.txt") == "attachment_too_large")
    }
}
