import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// The error codes are one closed set: each name once, each with a kind and an HTTP status, each
/// found again by its name (as step records store it), and every error maps to one of them.
@Suite struct ErrorCodeTests {
    @Test func everyCodeHasAUniqueNameAndAnErrorStatus() {
        let names = FlussoErrorCode.all.map(\.name)
        #expect(Set(names).count == names.count)
        for code in FlussoErrorCode.all {
            #expect((400...599).contains(code.httpStatus), "\(code.name)")
            #expect(code.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(code.name)")
            #expect(!code.meaning.isEmpty)
        }
    }

    @Test func aStoredNameReadsBackAsItsCode() {
        for code in FlussoErrorCode.all { #expect(FlussoErrorCode.named(code.name) == code) }
        #expect(FlussoErrorCode.named("no_such_code") == nil)
    }

    @Test func theKindComesFromTheCode() {
        #expect(FlussoError(.storageError, "disk").kind == .transient)
        #expect(FlussoError(.stepTimeout, "slow").kind == .timeout)
        #expect(FlussoError(.awsThrottled, "slow down").kind == .throttled)
        #expect(FlussoError(.validationFailed, "bad").kind == .permanent)
    }

    @Test func codesKeepTheRetryKindTheirCallSitesHadBeforeTheSetWasClosed() {
        let expected: [(FlussoErrorCode, ErrorKind)] = [
            (.invalidModelResponse, .permanent), (.storageUnavailable, .permanent), (.storageError, .transient),
            (.ocrFailed, .transient), (.stepTimeout, .timeout), (.leaseLost, .permanent), (.awsThrottled, .throttled),
            (.awsUnavailable, .transient), (.awsAuth, .permanent), (.awsError, .permanent), (.notFound, .permanent),
            (.validationFailed, .permanent), (.invalidConfiguration, .permanent), (.attachmentMissing, .permanent),
        ]
        for (code, kind) in expected { #expect(code.kind == kind, "\(code.name)") }
    }

    @Test func anyErrorMapsToACode() {
        struct Unknown: Error {}
        #expect(FlussoError(Unknown()).code == .internalError)
        #expect(Unknown().flussoKind == .transient)
        #expect(FlussoError(CancellationError()).code == .cancelled)
        #expect(CancellationError().flussoKind == .permanent)
        #expect(FlussoError(EmbeddingError.server(url: "http://127.0.0.1:1", reason: "refused")).code == .embeddingServerUnavailable)
        #expect(FlussoError(EmbeddingError.modelFile(path: "/m", reason: "missing")).kind == .permanent)
        let original = FlussoError(.notFound, "ticket tkt_x was not found")
        #expect(FlussoError(original) == original)
    }

    @Test func docsErrorsListsEveryCodeAsTheCodeDefinesIt() throws {
        let text = try String(contentsOf: SourceScan.packageRoot.appendingPathComponent("docs/errors.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }.map(String.init)
        let expected = FlussoErrorCode.all.map { "| `\($0.name)` | \($0.httpStatus) | \($0.kind.rawValue) | \($0.meaning) |" }
        #expect(rows == expected, "docs/errors.md is out of date; its rows should be:\n\(expected.joined(separator: "\n"))")
    }

    @Test func aStepRecordKeepsTheCodesName() {
        let record = StepError(FlussoError(.lookup("attachment_missing"), "gone"))
        #expect(record.code == "attachment_missing" && record.kind == .permanent)
    }
}

extension FlussoErrorCode {
    static func lookup(_ name: String) -> FlussoErrorCode { named(name)! }
}
