import FlussoCore
import FlussoTestSupport
import Testing
import VectorIndex

@testable import Knowledge

/// The knowledge base's and the vector index's error codes are all in the service's closed set,
/// and the list the mapping relies on is the list the code throws.
@Suite struct KnowledgeErrorMappingTests {
    @Test func everyCodeTheKnowledgeBaseThrowsIsListedAndKnown() throws {
        let thrown = try SourceScan.captures(#"KnowledgeError\("([a-z_0-9]+)""#, inModule: "Knowledge")
        #expect(!thrown.isEmpty)
        #expect(thrown.isSubset(of: Set(KnowledgeError.codes)), "not listed: \(thrown.subtracting(KnowledgeError.codes))")
        for code in KnowledgeError.codes { #expect(FlussoErrorCode.named(code) != nil, "\(code)") }
        #expect(FlussoError(KnowledgeError("invalid_yaml", "bad", line: 3)).code == .invalidYAML)
        #expect(FlussoError(KnowledgeError("invalid_yaml", "bad", line: 3)).message == "line 3: bad")
    }

    @Test func everyVectorIndexCodeIsKnown() {
        for code in VectorIndexError.Code.allCases { #expect(FlussoErrorCode.named(code.rawValue) != nil, "\(code.rawValue)") }
        #expect(FlussoError(VectorIndexError(.dimensionMismatch, "3 != 4")).code == .dimensionMismatch)
    }
}
