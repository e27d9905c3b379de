import ANNBench
import ArgumentParser
import FlussoCore
import Foundation

/// `flusso bench …`: benchmarks of the engines.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks of Flusso's engines.",
                                                    subcommands: [ANN.self])

    /// `flusso bench ann`: the HNSW index on standard fvecs/ivecs files, one thread.
    struct ANN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ann",
            abstract: "Recall@k, single-thread queries/s, build seconds and bytes per vector of the HNSW index for each ef.")

        @Option(help: "Base vectors (.fvecs).") var base: String
        @Option(help: "Query vectors (.fvecs).") var query: String
        @Option(help: "Ground truth neighbour ids (.ivecs).") var gt: String
        @Option(help: "l2, ip or cosine.") var metric: String = "l2"
        @Option(help: "Neighbours per query.") var k: Int = 10
        @Option(help: "HNSW M (links per node).") var m: Int = 16
        @Option(name: .customLong("ef-construction"), help: "HNSW efConstruction.") var efConstruction: Int = 200
        @Option(help: "Comma-separated efSearch values.") var ef: String = "10,20,40,80,160"
        @Option(help: "Seed of the level generator.") var seed: UInt64 = 42
        @Option(help: "Timed passes per ef; the fastest is reported.") var rounds: Int = 5
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let efs = ef.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !efs.isEmpty, efs.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw FlussoError("invalid_parameter", "--ef takes positive integers separated by commas, got '\(ef)'")
                }
                guard k > 0, m >= 2, efConstruction > 0, rounds > 0 else {
                    throw FlussoError("invalid_parameter", "--k, --ef-construction and --rounds must be positive and --m at least 2")
                }
                let options = ANNBenchOptions(basePath: base, queryPath: query, groundTruthPath: gt, metric: metric, k: k, m: m,
                                              efConstruction: efConstruction, efSearch: efs.compactMap { $0 }, seed: seed, rounds: rounds)
                let report = try runANNBenchmark(options)
                printOut(json ? try report.json() : report.table())
            }
        }
    }
}
