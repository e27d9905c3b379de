import FlussoCore
import FlussoTestSupport
import Testing

@testable import TextClassifier

/// The classifier engine's error codes are all in the service's closed set.
@Suite struct ClassifierErrorMappingTests {
    @Test func everyCodeTheEngineThrowsIsListedAndKnown() throws {
        let thrown = try SourceScan.captures(#"ClassifierError\("([a-z_0-9]+)""#, inModule: "TextClassifier")
        #expect(!thrown.isEmpty)
        #expect(thrown.isSubset(of: Set(ClassifierError.codes)), "not listed: \(thrown.subtracting(ClassifierError.codes))")
        for code in ClassifierError.codes { #expect(FlussoErrorCode.named(code) != nil, "\(code)") }
        #expect(FlussoError(ClassifierError("truncated_model", "cut")).code == .truncatedModel)
    }
}
