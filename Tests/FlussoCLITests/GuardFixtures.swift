import FlussoTestSupport
import Foundation

/// A chunk and a solution grounded in it, as `flusso guard check` reads them from files.
enum GuardFixtures {
    static let chunks =
        #"[{"chunk_id":"kb/e106#2","text":"Heat the nozzle to 215 °C and check that the heater cartridge is tight.","language":"en"}]"#
    static let groundedSolution =
        #"{"language":"en","steps":[{"order":1,"text":"Heat the nozzle to 215 °C and check the heater cartridge is tight.","citations":["kb/e106#2"]}]}"#

    /// Writes both into `directory`; returns their paths.
    static func write(into directory: TemporaryDirectory) throws -> (solution: String, chunks: String) {
        let chunksPath = directory.file("chunks.json")
        try chunks.write(toFile: chunksPath, atomically: true, encoding: .utf8)
        let solutionPath = directory.file("good.json")
        try groundedSolution.write(toFile: solutionPath, atomically: true, encoding: .utf8)
        return (solutionPath, chunksPath)
    }
}
