import FlussoTestSupport
import Foundation
import Testing

/// Resources (safety rules, models) resolve from one home, never from the working directory:
/// `flusso` run from any directory finds the checkout's files, `FLUSSO_HOME` moves them, and a
/// home without the safety rules is refused at start naming the path tried.
@Suite(.serialized) struct ResourceHomeTests {
    let directory = TemporaryDirectory("flusso-home")
    var elsewhere: String {
        let path = directory.path + "/elsewhere"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func files() throws -> (solution: String, chunks: String) { try GuardFixtures.write(into: directory) }

    @Test func runFromAnotherDirectoryTheSafetyRulesAreFound() throws {
        let (solution, chunks) = try files()
        let result = try FlussoBinary.run(
            ["guard", "check", solution, "--chunks", chunks, "--data-dir", directory.path + "/data"],
            directory: elsewhere, unsetting: ["FLUSSO_HOME"])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out.hasPrefix("verdict: pass"))
    }

    @Test func runFromAnotherDirectoryTheMiniLMModelIsFound() throws {
        let result = try FlussoBinary.run(
            ["embed", "--embedder", "minilm", "--json", "nozzle heater", "--data-dir", directory.path + "/data"],
            directory: elsewhere, unsetting: ["FLUSSO_HOME"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains(#""model_id":"all-minilm-l6-v2""#), "\(result.err)")
    }

    @Test func aHomeWithoutTheSafetyRulesIsRefusedNamingThePathTried() throws {
        let (solution, chunks) = try files()
        let home = directory.path + "/empty-home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let result = try FlussoBinary.run(
            ["guard", "check", solution, "--chunks", chunks, "--data-dir", directory.path + "/data"],
            environment: ["FLUSSO_HOME": home], directory: elsewhere)
        #expect(result.status == 1)
        #expect(result.err.contains(home + "/rules/safety-rules.yaml"), "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
    }

    @Test func aHomeThatIsNotADirectoryIsAConfigurationError() throws {
        let result = try FlussoBinary.run(["config", "show"], environment: ["FLUSSO_HOME": directory.path + "/nowhere"], directory: elsewhere)
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("error: invalid_configuration: home (FLUSSO_HOME)"), "\(result.err)")
    }
}
